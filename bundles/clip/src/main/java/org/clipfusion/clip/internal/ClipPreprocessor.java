package org.clipfusion.clip.internal;

import java.util.List;
import org.clipfusion.tensor.image.CenterCrop;
import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.Normalization;
import org.clipfusion.tensor.image.PilFilter;
import org.clipfusion.tensor.image.RgbImage;
import org.clipfusion.tensor.image.ShorterSideResize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * open_clip's eval transform, the one path every view of an image (whole image, crops, references) takes: shorter
 * side to S with PIL's antialiased bicubic, center crop S×S, /255, normalise. Exact against open_clip (the toolkit's
 * parity test reproduces the fixture's preprocessed images bit for bit).
 */
final class ClipPreprocessor {
    private final int size;
    private final Normalization normalization;

    ClipPreprocessor(int size, Normalization normalization) {
        this.size = size;
        this.normalization = normalization;
    }

    int size() {
        return size;
    }

    /** The center square that the whole-image view sees, in the image's pixels. */
    CropGrid.Crop centerSquare(int width, int height) {
        int side = Math.min(width, height);
        // torchvision's rounding of the crop offset, on the resized image mapped back; exact for square images.
        return new CropGrid.Crop((int) Math.round((width - side) / 2.0), (int) Math.round((height - side) / 2.0), side);
    }

    FloatImage preprocess(RgbImage image) {
        RgbImage resized = ShorterSideResize.resize(image, size, PilFilter.BICUBIC);
        return normalization.apply(FloatImage.fromRgb(CenterCrop.apply(resized, size)));
    }

    /** Stacks views into an NCHW float batch. */
    INDArray batch(List<RgbImage> views) {
        float[] data = new float[views.size() * 3 * size * size];
        int offset = 0;
        for (RgbImage view : views) {
            float[] chw = preprocess(view).data();
            System.arraycopy(chw, 0, data, offset, chw.length);
            offset += chw.length;
        }
        return Nd4j.create(data, new long[] {views.size(), 3, size, size}, 'c');
    }
}
