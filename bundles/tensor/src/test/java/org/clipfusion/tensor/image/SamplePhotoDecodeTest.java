package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes the real phone photos and masks in {@code shared/samples/hazelnut-toy/} (512x512 JPEGs, progressive photos
 * and baseline grayscale masks). The expected means and pixels were taken from Pillow 9.4's
 * {@code convert("RGB")}; on this machine the JDK decodes these files bit-identically to it.
 */
class SamplePhotoDecodeTest {
    private static final double MEAN_TOLERANCE = 0.05;
    private static final int PIXEL_TOLERANCE = 3;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,          layout, mean R,  mean G,  mean B, centre pixel (256,256)
        "good.jpg,        RGB,    203.077, 188.328, 76.882, 186, 178, 131",
        "colour.jpg,      RGB,    207.045, 193.084, 76.295, 150, 148, 107",
        "crack.jpg,       RGB,    212.125, 196.197, 73.015, 149, 110,  69",
        "colour_mask.jpg, GRAY,     3.629,   3.629,  3.629,   0,   0,   0",
        "crack_mask.jpg,  GRAY,    41.473,  41.473, 41.473, 255, 255, 255",
    })
    void decodesLikePillow(String file, ColourLayout layout, double meanRed, double meanGreen, double meanBlue,
                           int centreRed, int centreGreen, int centreBlue) throws Exception {
        Path photo = hazelnutSamples().resolve(file);

        DecodedImage decoded = ImageDecoder.decodeWithInfo(photo);
        RgbImage image = decoded.image();

        assertEquals(512, image.width());
        assertEquals(512, image.height());
        assertEquals("jpeg", decoded.format());
        assertEquals(layout, decoded.layout());
        assertFalse(isSingleColour(image), file + " decoded to a single colour");
        double[] means = channelMeans(image);
        assertEquals(meanRed, means[0], MEAN_TOLERANCE, "mean red");
        assertEquals(meanGreen, means[1], MEAN_TOLERANCE, "mean green");
        assertEquals(meanBlue, means[2], MEAN_TOLERANCE, "mean blue");
        assertEquals(centreRed, image.sample(256, 256, 0), PIXEL_TOLERANCE, "centre red");
        assertEquals(centreGreen, image.sample(256, 256, 1), PIXEL_TOLERANCE, "centre green");
        assertEquals(centreBlue, image.sample(256, 256, 2), PIXEL_TOLERANCE, "centre blue");
    }

    private static Path hazelnutSamples() {
        return SharedFixtures.shared("samples/hazelnut-toy");
    }

    private static double[] channelMeans(RgbImage image) {
        long[] sums = new long[3];
        byte[] rgb = image.rgbBytes();
        for (int i = 0; i < rgb.length; i++) {
            sums[i % 3] += rgb[i] & 0xFF;
        }
        double pixels = (double) image.width() * image.height();
        return new double[] {sums[0] / pixels, sums[1] / pixels, sums[2] / pixels};
    }

    private static boolean isSingleColour(RgbImage image) {
        byte[] rgb = image.rgbBytes();
        for (int i = 3; i < rgb.length; i++) {
            if (rgb[i] != rgb[i % 3]) {
                return false;
            }
        }
        return true;
    }
}
