package org.clipfusion.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected values that {@code src/test/python/make_safetensors_fixtures.py} wrote next to each fixture
 * ({@code <name>.expected.txt}): numpy's and torch's view of the data, independent of the code under test.
 */
final class ExpectedTensors {
    /** One {@code tensor} block: per element the expected float32 bits or long, and the stored 16-bit pattern. */
    record Expected(String key, DType dtype, long[] shape, List<String[]> rows) {
        int size() {
            return rows.size();
        }

        int floatBits(int index) {
            return Integer.parseUnsignedInt(rows.get(index)[0], 16);
        }

        float floatValue(int index) {
            return Float.intBitsToFloat(floatBits(index));
        }

        float[] floatValues() {
            float[] values = new float[size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floatValue(i);
            }
            return values;
        }

        /** The raw F16/BF16 pattern the fixture stores for this element. */
        short storedHalfBits(int index) {
            return (short) Integer.parseInt(rows.get(index)[1], 16);
        }

        long[] longValues() {
            return rows.stream().mapToLong(row -> Long.parseLong(row[0])).toArray();
        }
    }

    private ExpectedTensors() {
    }

    /** The fixture file {@code safetensors/<name>} from the test resources. */
    static Path fixture(String name) {
        try {
            return Path.of(ExpectedTensors.class.getResource("/safetensors/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource safetensors/" + name, e);
        }
    }

    /** The blocks of {@code safetensors/<fixtureBaseName>.expected.txt}, by tensor key. */
    static Map<String, Expected> load(String fixtureBaseName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(fixture(fixtureBaseName + ".expected.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Expected> blocks = new LinkedHashMap<>();
        List<String[]> rows = null;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            if (fields[0].equals("tensor")) {
                rows = new ArrayList<>();
                blocks.put(fields[1], new Expected(fields[1], DType.valueOf(fields[2]), parseShape(fields[3]), rows));
            } else {
                rows.add(fields);
            }
        }
        return blocks;
    }

    private static long[] parseShape(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        return inner.isEmpty() ? new long[0] : Arrays.stream(inner.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
