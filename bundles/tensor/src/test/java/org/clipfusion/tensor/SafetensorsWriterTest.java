package org.clipfusion.tensor;

import static org.clipfusion.tensor.FloatAssertions.assertSameFloatBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.clipfusion.tensor.ExpectedTensors.Expected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    /** The Python fixture stores the same float32 inputs as F32, F16 (numpy) and BF16 (torch). */
    private final Map<String, Expected> encode = ExpectedTensors.load("encode");

    @Test
    void reproducesThePythonWrittenFileByteForByte() throws IOException {
        Path written = dir.resolve("encode.safetensors");
        writerForEncodeFixture().writeTo(written);
        byte[] expected = Files.readAllBytes(ExpectedTensors.fixture("encode.safetensors"));
        assertArrayEquals(expected, Files.readAllBytes(written));
    }

    @Test
    void roundsToF16AndBf16AsNumpyAndTorchDo() throws IOException {
        Path written = dir.resolve("rounding.safetensors");
        writerForEncodeFixture().writeTo(written);
        float[] inputs = encode.get("x_f32").floatValues();
        try (SafetensorsFile file = SafetensorsFile.open(written)) {
            for (String key : List.of("x_f16", "x_bf16")) {
                Expected expected = encode.get(key);
                ByteBuffer stored = file.map(key);
                for (int i = 0; i < inputs.length; i++) {
                    assertEquals(String.format("%04x", expected.storedHalfBits(i) & 0xFFFF),
                            String.format("%04x", stored.getShort(2 * i) & 0xFFFF),
                            key + "[" + i + "] from float bits " + Integer.toHexString(Float.floatToRawIntBits(inputs[i])));
                }
                assertSameFloatBits(expected.floatValues(), file.readFloats(key), key);
            }
        }
    }

    @Test
    void roundTripsEveryDtypeShapeAndMetadata() throws IOException {
        float[] matrix = {1f, -2.5f, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY, -0.0f};
        long[] ids = {Long.MIN_VALUE, -1, 0, 49406, Long.MAX_VALUE};
        Path file = dir.resolve("round-trip.safetensors");
        new SafetensorsWriter()
                .putMetadata("format", "pt")
                .putMetadata("note", "quote \" backslash \\ newline \n bell \u0007 ünïcödé \uD83D\uDE00")
                .addFloats("z.matrix", DType.F32, new long[] {2, 3}, matrix)
                .addFloats("a.scalar", DType.F32, new long[0], new float[] {3.25f})
                .addFloats("m.empty", DType.F16, new long[] {0, 7}, new float[0])
                .addFloats("h.halves", DType.F16, new long[] {3}, new float[] {65504f, 6.1035156e-5f, 5.9604645e-8f})
                .addFloats("b.bfloats", DType.BF16, new long[] {1, 2}, new float[] {-1.5f, 3.3895314e38f})
                .addLongs("ids", new long[] {5}, ids)
                .writeTo(file);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(List.of("a.scalar", "b.bfloats", "h.halves", "ids", "m.empty", "z.matrix"),
                    List.copyOf(read.tensors().keySet()));
            assertEquals(Map.of("format", "pt",
                    "note", "quote \" backslash \\ newline \n bell \u0007 ünïcödé \uD83D\uDE00"), read.metadata());
            assertSameFloatBits(matrix, read.readFloats("z.matrix", 2, 3), "z.matrix");
            assertArrayEquals(new float[] {3.25f}, read.readFloats("a.scalar", new long[0]));
            assertArrayEquals(new long[] {0, 7}, read.info("m.empty").shape());
            assertEquals(0, read.readFloats("m.empty").length);
            assertArrayEquals(new float[] {65504f, 6.1035156e-5f, 5.9604645e-8f}, read.readFloats("h.halves"));
            assertArrayEquals(new float[] {-1.5f, 3.3895314e38f}, read.readFloats("b.bfloats", 1, 2));
            assertArrayEquals(ids, read.readLongs("ids"));
            assertEquals(DType.BF16, read.info("b.bfloats").dtype());
        }
    }

    @Test
    void headerIsPaddedWithSpacesAndDataFollowsInKeyOrder() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        new SafetensorsWriter()
                .addFloats("b", DType.F16, new long[] {3}, new float[] {1, 2, 3})
                .addFloats("a", DType.F32, new long[] {1}, new float[] {1})
                .addLongs("c", new long[] {1}, new long[] {1})
                .writeTo(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[4,10]},"
                + "\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[10,18]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        assertEquals(8 + headerLength + 18, bytes.length);
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryBehind() throws IOException {
        Path file = Files.writeString(dir.resolve("model.safetensors"), "old contents");
        new SafetensorsWriter().addFloats("w", DType.F32, new long[] {2}, new float[] {1, 2}).writeTo(file);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1, 2}, read.readFloats("w"));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList());
        }
    }

    @Test
    void refusesInconsistentTensors() {
        SafetensorsWriter writer = new SafetensorsWriter().addFloats("w", DType.F32, new long[] {1}, new float[] {1});
        assertMessage("shape [2, 3] holds 6 values but 5 were given", assertThrows(IllegalArgumentException.class,
                () -> writer.addFloats("x", DType.F32, new long[] {2, 3}, new float[5])));
        assertMessage("tensor 'w' was already added", assertThrows(IllegalArgumentException.class,
                () -> writer.addFloats("w", DType.F32, new long[] {1}, new float[1])));
        assertMessage("'__metadata__' cannot be a tensor key", assertThrows(IllegalArgumentException.class,
                () -> writer.addLongs("__metadata__", new long[] {1}, new long[1])));
        assertMessage("can be stored as F32, F16 or BF16, not I32", assertThrows(IllegalArgumentException.class,
                () -> writer.addFloats("y", DType.I32, new long[] {1}, new float[1])));
    }

    private SafetensorsWriter writerForEncodeFixture() {
        float[] inputs = encode.get("x_f32").floatValues();
        float[] firstTwelve = Arrays.copyOf(inputs, 12);
        return new SafetensorsWriter()
                .putMetadata("source", "make_safetensors_fixtures.py")
                .putMetadata("format", "pt")
                .addFloats("x_f32", DType.F32, new long[] {inputs.length}, inputs)
                .addFloats("x_f16", DType.F16, new long[] {inputs.length}, inputs)
                .addFloats("x_bf16", DType.BF16, new long[] {inputs.length}, inputs)
                .addFloats("m_f16", DType.F16, new long[] {3, 4}, firstTwelve)
                .addLongs("y_i64", new long[] {4}, encode.get("y_i64").longValues());
    }

    private static void assertMessage(String expectedPart, Exception error) {
        assertTrue(error.getMessage().contains(expectedPart), error.getMessage());
    }
}
