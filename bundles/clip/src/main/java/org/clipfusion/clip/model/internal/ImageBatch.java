package org.clipfusion.clip.model.internal;

import java.util.Arrays;
import org.clipfusion.clip.model.OpenClipConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images checked against the config and in the form the graph takes (float32, C-order, not a view); a converted
 * copy is freed on {@link #close()}, the caller's array never is.
 */
public final class ImageBatch implements AutoCloseable {
    private final INDArray array;
    private final boolean ownsArray;

    private ImageBatch(INDArray array, boolean ownsArray) {
        this.array = array;
        this.ownsArray = ownsArray;
    }

    /**
     * @throws IllegalArgumentException unless {@code images} is {@code [B ≥ 1, 3, image height, image width]} of a
     *     floating-point type
     */
    public static ImageBatch of(INDArray images, OpenClipConfig config) {
        OpenClipConfig.VisionConfig vision = config.vision();
        long[] expected = {OpenClipConfig.IMAGE_CHANNELS, vision.imageHeight(), vision.imageWidth()};
        long[] shape = images.shape();
        if (shape.length != 4 || shape[0] < 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected)) {
            throw new IllegalArgumentException("images must be preprocessed NCHW [B, " + expected[0] + ", "
                    + expected[1] + ", " + expected[2] + "] (B >= 1) for this model, got " + Arrays.toString(shape));
        }
        if (!images.dataType().isFPType()) {
            throw new IllegalArgumentException("images must be floating point (preprocessed), got "
                    + images.dataType());
        }
        if (images.dataType() == DataType.FLOAT && !images.isView() && images.ordering() == 'c') {
            return new ImageBatch(images, false);
        }
        INDArray converted = images.dataType() == DataType.FLOAT ? images.dup('c') : images.castTo(DataType.FLOAT);
        return new ImageBatch(converted, true);
    }

    /** {@code [B, 3, H, W]} float32, C-order. */
    public INDArray array() {
        return array;
    }

    @Override
    public void close() {
        if (ownsArray) {
            array.close();
        }
    }
}
