package org.clipfusion.datasets;

import java.util.Map;
import java.util.Objects;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.DecodedImage;
import org.clipfusion.tensor.image.ImageDecodeException;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;

/** Decodes a sample's image and mask with the platform's one image decoder, so evaluation sees what detection sees. */
public final class SampleImages {
    /** The metadata key under which {@link #loadImage} records the image file. */
    public static final String SOURCE = "source";

    private SampleImages() {
    }

    /** The sample's image, with the sample id as image id and {@value #SOURCE} = the file path as metadata. */
    public static InspectionImage loadImage(DatasetSample sample) throws DatasetException {
        Objects.requireNonNull(sample, "sample");
        RgbImage image = decodeImage(sample);
        return new InspectionImage(sample.id(), image.width(), image.height(), image.rgbBytes(),
                Map.of(SOURCE, sample.image().toString()));
    }

    /**
     * The sample's ground truth, row-major, {@code true} = anomalous: all {@code false} for a normal sample; for an
     * anomalous one every mask pixel with any non-zero channel (MVTec's 0/255 and VisA's 0/1 masks alike). Fails when
     * the mask is not {@code width × height} or cannot be decoded.
     */
    public static boolean[] loadMask(DatasetSample sample, int width, int height) throws DatasetException {
        Objects.requireNonNull(sample, "sample");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        boolean[] mask = new boolean[Math.multiplyExact(width, height)];
        if (!sample.anomalous()) {
            return mask;
        }
        DecodedImage decoded = decodeMask(sample);
        RgbImage pixels = decoded.image();
        if (pixels.width() != width || pixels.height() != height) {
            throw new DatasetException("mask " + sample.mask() + " is " + pixels.width() + "x" + pixels.height()
                    + " but its image " + sample.image() + " is " + width + "x" + height);
        }
        byte[] rgb = pixels.rgbBytes();
        boolean any = false;
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (rgb[3 * i] | rgb[3 * i + 1] | rgb[3 * i + 2]) != 0;
            any |= mask[i];
        }
        if (!any && decoded.bitsPerSample() > 8) {
            // The decoder keeps the high byte of 16-bit samples, so a 0/1 mask stored in 16 bits reads as all zero.
            throw new DatasetException("mask " + sample.mask() + " has " + decoded.bitsPerSample()
                    + "-bit samples that all read as zero; save it as an 8-bit mask (0 and 255)");
        }
        return mask;
    }

    private static RgbImage decodeImage(DatasetSample sample) throws DatasetException {
        try {
            return ImageDecoder.decode(sample.image());
        } catch (ImageDecodeException e) {
            throw new DatasetException("sample " + sample.id() + ": " + e.getMessage(), e);
        }
    }

    private static DecodedImage decodeMask(DatasetSample sample) throws DatasetException {
        try {
            return ImageDecoder.decodeWithInfo(sample.mask());
        } catch (ImageDecodeException e) {
            throw new DatasetException("mask of sample " + sample.id() + ": " + e.getMessage(), e);
        }
    }
}
