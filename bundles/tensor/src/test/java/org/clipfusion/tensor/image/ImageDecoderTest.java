package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes every fixture layout and compares with what Pillow's {@code convert("RGB")} produced (for 16-bit inputs:
 * the documented high-byte rule, computed in numpy; see make_image_fixtures.py).
 */
class ImageDecoderTest {
    /**
     * The JDK's libjpeg 6b and Pillow's libjpeg-turbo may round their inverse DCTs and upsampling differently. With
     * Debian 12's Pillow 9.4 and OpenJDK 17 these fixtures decode bit-identically; the margin allows other builds. A
     * real mistake (swapped channels, missed inversion, wrong CMYK formula, YCCK left unconverted) is off by tens.
     */
    private static final int JPEG_MAX_DIFFERENCE = 3;
    private static final double JPEG_MEAN_DIFFERENCE = 0.5;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "png_rgb8.png,           png,  8,  RGB",
        "png_rgba8.png,          png,  8,  RGBA",
        "png_gray8.png,          png,  8,  GRAY",
        "png_gray1.png,          png,  1,  GRAY",
        "png_gray_alpha8.png,    png,  8,  GRAY_ALPHA",
        "png_palette8.png,       png,  8,  PALETTE",
        "png_palette4.png,       png,  4,  PALETTE",
        "png_palette_trns.png,   png,  8,  PALETTE_ALPHA",
        "png_gray16.png,         png,  16, GRAY",
        "png_rgb16.png,          png,  16, RGB",
        "png_rgba16.png,         png,  16, RGBA",
        "bmp_rgb24.bmp,          bmp,  8,  RGB",
        "bmp_palette8.bmp,       bmp,  8,  PALETTE",
        "tiff_rgb_raw.tif,       tiff, 8,  RGB",
        "tiff_rgb_lzw.tif,       tiff, 8,  RGB",
        "tiff_rgb_deflate.tif,   tiff, 8,  RGB",
        "tiff_rgba.tif,          tiff, 8,  RGBA",
        "tiff_cmyk.tif,          tiff, 8,  CMYK",
        "tiff_gray16.tif,        tiff, 16, GRAY",
    })
    void losslessFormatsDecodeExactly(String file, String format, int bits, ColourLayout layout) throws Exception {
        DecodedImage decoded = ImageDecoder.decodeWithInfo(DecoderFixtures.bytes(file), file);

        assertInfo(decoded, format, bits, layout);
        RgbImageDifference difference = RgbImageDifference.between(DecoderFixtures.expected(file), decoded.image());
        assertEquals(0, difference.maxAbsolute(), file + " differs at " + difference.worstPlace());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jpeg_rgb_baseline.jpg,    RGB",
        "jpeg_rgb_progressive.jpg, RGB",
        "jpeg_gray.jpg,            GRAY",
        "jpeg_cmyk_adobe.jpg,      CMYK",
        "jpeg_ycck_adobe.jpg,      YCCK",
    })
    void jpegsDecodeWithinIdctRounding(String file, ColourLayout layout) throws Exception {
        DecodedImage decoded = ImageDecoder.decodeWithInfo(DecoderFixtures.bytes(file), file);

        assertInfo(decoded, "jpeg", 8, layout);
        RgbImageDifference difference = RgbImageDifference.between(DecoderFixtures.expected(file), decoded.image());
        assertTrue(difference.maxAbsolute() <= JPEG_MAX_DIFFERENCE,
                file + " max difference " + difference.maxAbsolute() + " at " + difference.worstPlace());
        assertTrue(difference.meanAbsolute() <= JPEG_MEAN_DIFFERENCE,
                file + " mean difference " + difference.meanAbsolute());
    }

    @Test
    void grayIsCopiedToAllThreeChannels() throws Exception {
        RgbImage image = ImageDecoder.decode(DecoderFixtures.bytes("png_gray16.png"), "png_gray16.png");

        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                assertEquals(image.sample(x, y, 0), image.sample(x, y, 1));
                assertEquals(image.sample(x, y, 0), image.sample(x, y, 2));
            }
        }
    }

    @Test
    void sixteenBitSamplesKeepTheirHighByteRatherThanClipping() throws Exception {
        // make_image_fixtures.py puts 0, 65535, 255, 200, 33000 in the first five pixels of the 16-bit gray image.
        RgbImage image = ImageDecoder.decode(DecoderFixtures.bytes("png_gray16.png"), "png_gray16.png");

        int[] expected = {0, 255, 0, 0, 128};
        for (int x = 0; x < expected.length; x++) {
            assertEquals(expected[x], image.sample(x, 0, 0), "pixel " + x);
        }
    }

    @Test
    void pathAndBytesGiveTheSamePixels() throws Exception {
        RgbImage fromPath = ImageDecoder.decode(DecoderFixtures.path("tiff_rgb_lzw.tif"));
        RgbImage fromBytes = ImageDecoder.decode(DecoderFixtures.bytes("tiff_rgb_lzw.tif"), "x");

        assertArrayEquals(fromBytes.rgbBytes(), fromPath.rgbBytes());
    }

    @Test
    void imageIsThirteenWideAndNineHighNotTransposed() throws Exception {
        RgbImage image = ImageDecoder.decode(DecoderFixtures.path("png_rgb8.png"));

        assertEquals(13, image.width());
        assertEquals(9, image.height());
        assertEquals(255, image.sample(12, 0, 0), "red rises to 255 along x");
        assertEquals(255, image.sample(0, 8, 1), "green rises to 255 along y");
    }

    private static void assertInfo(DecodedImage decoded, String format, int bits, ColourLayout layout) {
        assertEquals(format, decoded.format(), "format");
        assertEquals(bits, decoded.bitsPerSample(), "bits per sample");
        assertEquals(layout, decoded.layout(), "layout");
    }
}
