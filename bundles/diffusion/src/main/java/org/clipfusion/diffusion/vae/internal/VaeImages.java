package org.clipfusion.diffusion.vae.internal;

import java.util.Arrays;
import org.clipfusion.diffusion.vae.VaeConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images checked against the VAE config and in the form the graph takes (float32, C-order, not a view); a converted
 * copy is freed on {@link #close()}, the caller's array never is.
 */
public final class VaeImages implements AutoCloseable {
    private final INDArray array;
    private final boolean ownsArray;

    private VaeImages(INDArray array, boolean ownsArray) {
        this.array = array;
        this.ownsArray = ownsArray;
    }

    /**
     * @throws IllegalArgumentException unless {@code images} is a floating-point {@code [B ≥ 1, in_channels, H, W]}
     *     with H and W positive multiples of the downsampling factor
     */
    public static VaeImages of(INDArray images, VaeConfig config) {
        long[] shape = images.shape();
        int factor = config.downsamplingFactor();
        if (shape.length != 4 || shape[0] < 1 || shape[1] != config.inChannels()) {
            throw new IllegalArgumentException("images must be NCHW [B, " + config.inChannels()
                    + ", H, W] (B >= 1), got " + Arrays.toString(shape));
        }
        if (shape[2] < factor || shape[3] < factor || shape[2] % factor != 0 || shape[3] % factor != 0) {
            throw new IllegalArgumentException("image height and width must be positive multiples of the VAE's "
                    + "downsampling factor " + factor + ", got " + shape[2] + "x" + shape[3]);
        }
        if (!images.dataType().isFPType()) {
            throw new IllegalArgumentException("images must be floating point in [-1, 1], got "
                    + images.dataType());
        }
        if (images.dataType() == DataType.FLOAT && !images.isView() && images.ordering() == 'c') {
            return new VaeImages(images, false);
        }
        INDArray converted = images.dataType() == DataType.FLOAT ? images.dup('c') : images.castTo(DataType.FLOAT);
        return new VaeImages(converted, true);
    }

    /** {@code [B, C, H, W]} float32, C-order. */
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
