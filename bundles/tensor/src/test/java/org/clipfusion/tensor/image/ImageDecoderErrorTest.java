package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input must fail with an ImageDecodeException that names the source and the problem, never decode to grey. */
class ImageDecoderErrorTest {
    @TempDir
    Path directory;

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(directory.resolve("empty.png"));

        ImageDecodeException failure = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(empty));

        assertMentions(failure, empty.toString(), "empty");
    }

    @Test
    void randomBytes() throws Exception {
        byte[] noise = new byte[2000];
        new Random(20240611).nextBytes(noise);
        noise[0] = 0x7F; // a leading 0x00 0x00 would make the JDK's permissive WBMP reader claim the bytes
        Path file = Files.write(directory.resolve("noise.jpg"), noise);

        ImageDecodeException failure = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(file));

        assertMentions(failure, file.toString(), "not an image / unknown format");
    }

    @Test
    void textIsNotAnImage() {
        byte[] text = "id,label\n1,good\n".getBytes(StandardCharsets.US_ASCII);

        ImageDecodeException failure = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(text, "labels.csv"));

        assertMentions(failure, "labels.csv", "not an image / unknown format");
        assertEquals("labels.csv", failure.source());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "png_rgb16.png", "png_palette8.png", "jpeg_rgb_baseline.jpg", "jpeg_rgb_progressive.jpg",
        "jpeg_cmyk_adobe.jpg", "tiff_rgb_raw.tif", "tiff_rgb_lzw.tif", "tiff_gray16.tif", "bmp_rgb24.bmp"})
    void fileCutInHalfIsReportedAsTruncated(String fixture) throws Exception {
        byte[] whole = DecoderFixtures.bytes(fixture);
        Path half = Files.write(directory.resolve("half-" + fixture), Arrays.copyOf(whole, whole.length / 2));

        ImageDecodeException failure = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(half));

        assertMentions(failure, half.toString(), "truncated");
    }

    @ParameterizedTest(name = "last {0} bytes missing")
    @ValueSource(ints = {2, 40, 300})
    void jpegMissingItsEndIsTruncatedNotGreyFilled(int missing) {
        byte[] whole = DecoderFixtures.bytes("jpeg_rgb_baseline.jpg");
        byte[] cut = Arrays.copyOf(whole, whole.length - missing);

        ImageDecodeException failure = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(cut, "cut.jpg"));

        assertMentions(failure, "cut.jpg", "truncated");
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = directory.resolve("no-such-image.png");

        ImageDecodeException failure = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(missing));

        assertMentions(failure, missing.toString(), "file not found");
    }

    @Test
    void directoryIsNotAnImage() {
        ImageDecodeException failure = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(directory));

        assertMentions(failure, directory.toString(), "directory");
    }

    @Test
    void floatingPointSamplesAreRejectedByName() {
        ImageDecodeException failure = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(DecoderFixtures.bytes("tiff_float32.tif"), "tiff_float32.tif"));

        assertMentions(failure, "tiff_float32.tif", "unsupported sample type (32-bit float");
    }

    private static void assertMentions(ImageDecodeException failure, String source, String problem) {
        String message = failure.getMessage();
        assertTrue(message.contains(source), "message should name " + source + ": " + message);
        assertTrue(message.contains(problem), "message should say '" + problem + "': " + message);
    }
}
