package org.clipfusion.tensor.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The committed fixtures under {@code src/test/resources/images/} (written by
 * {@code src/test/python/make_image_fixtures.py}): each image {@code NAME.EXT} comes with {@code NAME.ppm}, the RGB
 * pixels the decoder must produce.
 */
final class DecoderFixtures {
    private DecoderFixtures() {
    }

    static byte[] bytes(String fileName) {
        try (InputStream in = DecoderFixtures.class.getResourceAsStream("/images/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture images/" + fileName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String fileName) {
        URL url = DecoderFixtures.class.getResource("/images/" + fileName);
        if (url == null) {
            throw new IllegalStateException("missing test fixture images/" + fileName);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The expected decode of {@code imageFileName}, read from the PPM next to it. */
    static RgbImage expected(String imageFileName) {
        String ppmName = imageFileName.substring(0, imageFileName.lastIndexOf('.')) + ".ppm";
        return readBinaryPpm(bytes(ppmName), ppmName);
    }

    /** Binary PPM (P6, maxval 255, no comments), the simplest file that carries width, height and RGB bytes. */
    static RgbImage readBinaryPpm(byte[] ppm, String name) {
        int[] position = {0};
        String magic = token(ppm, position);
        int width = Integer.parseInt(token(ppm, position));
        int height = Integer.parseInt(token(ppm, position));
        int maxValue = Integer.parseInt(token(ppm, position));
        if (!magic.equals("P6") || maxValue != 255) {
            throw new IllegalStateException(name + ": not an 8-bit binary PPM");
        }
        int pixelsStart = position[0] + 1; // exactly one whitespace byte follows the header
        return new RgbImage(width, height, Arrays.copyOfRange(ppm, pixelsStart, pixelsStart + 3 * width * height));
    }

    private static String token(byte[] data, int[] position) {
        int start = position[0];
        while (Character.isWhitespace(data[start])) {
            start++;
        }
        int end = start;
        while (!Character.isWhitespace(data[end])) {
            end++;
        }
        position[0] = end;
        return new String(data, start, end - start, StandardCharsets.US_ASCII);
    }
}
