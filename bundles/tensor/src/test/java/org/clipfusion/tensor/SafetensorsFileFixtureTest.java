package org.clipfusion.tensor;

import static org.clipfusion.tensor.FloatAssertions.assertSameFloatBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.ExpectedTensors.Expected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the Python-written fixtures and compares with what numpy and torch say the values are. */
class SafetensorsFileFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f16", "bf16", "encode"})
    void floatTensorsMatchNumpyAndTorch(String fixture) throws IOException {
        Map<String, Expected> expectations = ExpectedTensors.load(fixture);
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture(fixture + ".safetensors"))) {
            assertEquals(List.copyOf(expectations.keySet()), List.copyOf(file.tensors().keySet()), "tensor keys, sorted");
            for (Expected expected : expectations.values()) {
                TensorInfo info = file.info(expected.key());
                assertEquals(expected.dtype(), info.dtype(), expected.key());
                assertArrayEquals(expected.shape(), info.shape(), expected.key());
                assertEquals(expected.size(), info.elementCount(), expected.key());
                if (expected.dtype() == DType.I64) {
                    assertArrayEquals(expected.longValues(), file.readLongs(expected.key()), expected.key());
                } else {
                    assertSameFloatBits(expected.floatValues(), file.readFloats(expected.key()), fixture + ":"
                            + expected.key());
                }
            }
        }
    }

    @Test
    void storedHalfBitsAreTheOnesNumpyAndTorchProduced() throws IOException {
        for (String fixture : List.of("f16", "bf16")) {
            try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture(fixture + ".safetensors"))) {
                for (Expected expected : ExpectedTensors.load(fixture).values()) {
                    ByteBuffer raw = file.map(expected.key());
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.storedHalfBits(i), raw.getShort(2 * i),
                                fixture + ":" + expected.key() + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void longTensorsMatchNumpy() throws IOException {
        Map<String, Expected> expectations = ExpectedTensors.load("i64");
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture("i64.safetensors"))) {
            assertArrayEquals(expectations.get("ids").longValues(), file.readLongs("ids"));
            assertArrayEquals(new long[] {2, 5}, file.info("ids").shape());
            assertArrayEquals(new long[] {-7}, file.readLongs("scalar"));
            assertEquals(0, file.info("scalar").rank());
            assertTrue(file.metadata().isEmpty(), "i64 fixture has no __metadata__");
        }
    }

    @Test
    void readsMetadataWithRawAndEscapedUnicode() throws IOException {
        try (SafetensorsFile f32 = SafetensorsFile.open(ExpectedTensors.fixture("f32.safetensors"));
                SafetensorsFile f16 = SafetensorsFile.open(ExpectedTensors.fixture("f16.safetensors"))) {
            assertEquals(Map.of("format", "pt", "comment", "héllo \"quoted\" \\ tab\t✓"), f32.metadata());
            assertEquals(Map.of("format", "pt", "emoji", "\uD83D\uDE00 é"), f16.metadata());
            assertTrue(f32.contains("tensör.α"));
        }
    }

    @Test
    void scalarAndEmptyTensors() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture("f32.safetensors"))) {
            assertArrayEquals(new float[] {42.25f}, file.readFloats("scalar"));
            assertArrayEquals(new float[] {42.25f}, file.readFloats("scalar", new long[0]));
            assertEquals(1, file.info("scalar").elementCount());
            assertArrayEquals(new long[] {0, 4}, file.info("empty").shape());
            assertEquals(0, file.readFloats("empty").length);
            assertEquals(0, file.map("empty").capacity());
        }
    }

    @Test
    void mapGivesOnlyThatTensorReadOnlyLittleEndian() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture("f32.safetensors"))) {
            ByteBuffer matrix = file.map("matrix");
            assertEquals(32, matrix.capacity());
            assertEquals(0, matrix.position());
            assertTrue(matrix.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, matrix.order());
            assertEquals(1.5f, matrix.getFloat(0));
            assertEquals(-123.456f, matrix.getFloat(28));
            ByteBuffer part = file.map("matrix", 4, 8);
            assertEquals(8, part.capacity());
            assertEquals(Float.floatToRawIntBits(-0.0f), part.getInt(0));
            assertThrows(IndexOutOfBoundsException.class, () -> file.map("matrix", 28, 8));
        }
    }

    @Test
    void smallMappingWindowsGiveTheSameValues() throws IOException {
        Map<String, Expected> f16 = ExpectedTensors.load("f16");
        Map<String, Expected> i64 = ExpectedTensors.load("i64");
        for (int window : new int[] {8, 16, 4096}) {
            try (SafetensorsFile halves = SafetensorsFile.open(ExpectedTensors.fixture("f16.safetensors"), window);
                    SafetensorsFile longs = SafetensorsFile.open(ExpectedTensors.fixture("i64.safetensors"), window)) {
                assertSameFloatBits(f16.get("patterns").floatValues(), halves.readFloats("patterns"), "window " + window);
                assertArrayEquals(i64.get("ids").longValues(), longs.readLongs("ids"), "window " + window);
            }
        }
    }

    @Test
    void readFloatsIntoFillsADirectBufferFromItsPosition() throws IOException {
        Expected expected = ExpectedTensors.load("bf16").get("values");
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture("bf16.safetensors"), 64)) {
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * (expected.size() + 3))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            direct.position(2);
            file.readFloatsInto("values", direct);
            assertEquals(2 + expected.size(), direct.position());
            for (int i = 0; i < expected.size(); i++) {
                assertSameFloatBits(expected.floatValue(i), direct.get(2 + i), "values[" + i + "]");
            }

            FloatBuffer tooSmall = FloatBuffer.allocate(expected.size() - 1);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> file.readFloatsInto("values", tooSmall));
            assertTrue(error.getMessage().contains("'values' has " + expected.size() + " elements"), error.getMessage());
            assertTrue(error.getMessage().contains("room for " + (expected.size() - 1)), error.getMessage());
        }
    }

    @Test
    void shapeCheckedReadAcceptsTheRightShape() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(ExpectedTensors.fixture("f16.safetensors"))) {
            float[] values = file.readFloats("matrix", 2, 2, 3);
            assertEquals(12, values.length);
            assertEquals(65504.0f, values[3]);
        }
    }

    @Test
    void wrongReadForTheDtypeIsRefusedByName() throws IOException {
        try (SafetensorsFile longs = SafetensorsFile.open(ExpectedTensors.fixture("i64.safetensors"));
                SafetensorsFile floats = SafetensorsFile.open(ExpectedTensors.fixture("f32.safetensors"))) {
            TensorFormatException asFloats = assertThrows(TensorFormatException.class, () -> longs.readFloats("ids"));
            assertTrue(asFloats.getMessage().contains("'ids'") && asFloats.getMessage().contains("I64")
                    && asFloats.getMessage().contains("readLongs"), asFloats.getMessage());
            TensorFormatException asLongs = assertThrows(TensorFormatException.class, () -> floats.readLongs("matrix"));
            assertTrue(asLongs.getMessage().contains("expected dtype I64 but the tensor is F32"), asLongs.getMessage());
        }
    }
}
