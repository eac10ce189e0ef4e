package org.clipfusion.tensor.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.NpyArray;

/**
 * Reads the fixtures that {@code src/test/python/make_resampling_fixtures.py} wrote under
 * {@code src/test/resources/resampling/}: {@code .npy} arrays and CSV indexes listing the cases.
 */
final class Fixtures {
    private static final String ROOT = "/resampling/";

    private Fixtures() {
    }

    static NpyArray npy(String name) {
        try (InputStream in = open(name)) {
            return NpyArray.parse(in.readAllBytes(), ROOT + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A uint8 {@code [height, width, 3]} array as an image (numpy's HWC layout is RgbImage's byte order). */
    static RgbImage rgb(String name) {
        return toRgb(npy(name), name);
    }

    static RgbImage toRgb(NpyArray array, String name) {
        int[] shape = array.intShape();
        if (shape.length != 3 || shape[2] != 3 || array.dtype() != DType.U8) {
            throw new IllegalArgumentException(name + " is not a uint8 HxWx3 image: " + Arrays.toString(shape));
        }
        int[] levels = array.toIntArray();
        byte[] bytes = new byte[levels.length];
        for (int i = 0; i < levels.length; i++) {
            bytes[i] = (byte) levels[i];
        }
        return new RgbImage(shape[1], shape[0], bytes);
    }

    /** A float32 {@code [channels, height, width]} or {@code [height, width]} array as an image. */
    static FloatImage floats(String name) {
        NpyArray array = npy(name);
        int[] shape = array.intShape();
        if (shape.length == 2) {
            return FloatImage.ofMap(shape[0], shape[1], array.toFloatArray());
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException(name + " is not CHW or HW: " + Arrays.toString(shape));
        }
        return new FloatImage(shape[0], shape[1], shape[2], array.toFloatArray());
    }

    /** The rows of a CSV case index, each as column name to value. */
    static List<Map<String, String>> cases(String indexName) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(indexName),
                StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] values = line.split(",");
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], values[i]);
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(indexName + " lists no cases");
        }
        return rows;
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = Fixtures.class.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IOException("missing test resource " + ROOT + name
                    + "; regenerate with src/test/python/make_resampling_fixtures.py");
        }
        return in;
    }

    /** Largest |actual - expected| over all values; shapes must match. */
    static double maxAbsDifference(FloatImage actual, FloatImage expected) {
        if (actual.channels() != expected.channels() || actual.height() != expected.height()
                || actual.width() != expected.width()) {
            throw new AssertionError("shape " + shape(actual) + " differs from expected " + shape(expected));
        }
        double max = 0;
        float[] a = actual.data();
        float[] e = expected.data();
        for (int i = 0; i < a.length; i++) {
            double difference = Math.abs((double) a[i] - e[i]);
            if (!(difference <= max)) {
                max = difference; // also propagates NaN
            }
        }
        return max;
    }

    static double maxAbs(FloatImage image) {
        double max = 0;
        for (float v : image.data()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static String shape(FloatImage image) {
        return image.channels() + "x" + image.height() + "x" + image.width();
    }
}
