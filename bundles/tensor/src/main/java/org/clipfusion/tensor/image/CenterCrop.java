package org.clipfusion.tensor.image;

/**
 * torchvision's {@code CenterCrop((height, width))}: the window's top-left corner is
 * {@code int(round((size - crop) / 2.0))} along each axis, with Python's round-half-to-even, and an axis shorter
 * than the crop is first padded with zeros, {@code (crop - size) // 2} before and the rest after.
 */
public final class CenterCrop {
    private CenterCrop() {
    }

    /** Crops (or zero-pads) an 8-bit image to a {@code size x size} square, as {@code CenterCrop(size)}. */
    public static RgbImage apply(RgbImage image, int size) {
        return apply(image, new ImageSize(size, size));
    }

    /** Crops (or zero-pads) an 8-bit image to {@code crop}. */
    public static RgbImage apply(RgbImage image, ImageSize crop) {
        int cropWidth = crop.width();
        int cropHeight = crop.height();
        int top = offset(image.height(), cropHeight);
        int left = offset(image.width(), cropWidth);
        byte[] src = image.rgbBytes();
        byte[] out = new byte[3 * cropWidth * cropHeight];
        for (int y = 0; y < cropHeight; y++) {
            int sourceY = y + top;
            if (sourceY < 0 || sourceY >= image.height()) {
                continue; // padding rows stay black
            }
            for (int x = 0; x < cropWidth; x++) {
                int sourceX = x + left;
                if (sourceX >= 0 && sourceX < image.width()) {
                    System.arraycopy(src, 3 * (sourceY * image.width() + sourceX), out, 3 * (y * cropWidth + x), 3);
                }
            }
        }
        return new RgbImage(cropWidth, cropHeight, out);
    }

    /** Crops (or zero-pads) every channel of a CHW image to a {@code size x size} square. */
    public static FloatImage apply(FloatImage image, int size) {
        return apply(image, new ImageSize(size, size));
    }

    /** Crops (or zero-pads) every channel of a CHW image to {@code crop}. */
    public static FloatImage apply(FloatImage image, ImageSize crop) {
        int cropWidth = crop.width();
        int cropHeight = crop.height();
        int top = offset(image.height(), cropHeight);
        int left = offset(image.width(), cropWidth);
        FloatImage out = FloatImage.zeros(image.channels(), cropHeight, cropWidth);
        // Columns copied per row: the overlap of [left, left + cropWidth) with [0, width).
        int firstX = Math.max(0, -left);
        int endX = Math.min(cropWidth, image.width() - left);
        if (endX <= firstX) {
            return out;
        }
        float[] src = image.data();
        float[] dst = out.data();
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < cropHeight; y++) {
                int sourceY = y + top;
                if (sourceY >= 0 && sourceY < image.height()) {
                    System.arraycopy(src, (c * image.height() + sourceY) * image.width() + left + firstX,
                            dst, (c * cropHeight + y) * cropWidth + firstX, endX - firstX);
                }
            }
        }
        return out;
    }

    /**
     * Source index of the crop's first row or column; negative when the axis is padded, where torchvision pads
     * {@code (crop - size) // 2} in front and then crops at 0.
     */
    static int offset(int size, int crop) {
        if (crop > size) {
            return -((crop - size) / 2);
        }
        // Math.rint rounds halves to even, like Python 3's round().
        return (int) Math.rint((size - crop) / 2.0);
    }
}
