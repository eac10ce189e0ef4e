package org.clipfusion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets past 2^31 and 2^32 bytes, in a sparse file: the zeros are never written, so the test costs no disk
 * space and no memory.
 */
class SafetensorsFileLargeTest {
    private static final long ZEROS_BYTES = 2_200_000_000L;
    private static final long HALF_COUNT = 1L << 31;
    private static final float[] SMALL = {1.5f, -2.25f, 3.0e-5f, Float.MAX_VALUE, -0.0f, 7f};
    private static final float[] TAIL = {0.5f, -1f, 1024f, Float.MIN_VALUE};

    @Test
    void tensorsBeyond2And4GiBAreMappedAndRead(@TempDir Path dir) throws IOException {
        long smallBegin = ZEROS_BYTES;
        long halfBegin = smallBegin + 4L * SMALL.length;
        long halfEnd = halfBegin + 2 * HALF_COUNT;
        long tailEnd = halfEnd + 4L * TAIL.length;
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + RawSafetensors.entry("a_zeros", "U8", "[" + ZEROS_BYTES + "]", 0, ZEROS_BYTES) + ","
                + RawSafetensors.entry("b_small", "F32", "[2,3]", smallBegin, halfBegin) + ","
                + RawSafetensors.entry("c_halves", "F16", "[" + HALF_COUNT + "]", halfBegin, halfEnd) + ","
                + RawSafetensors.entry("d_tail", "F32", "[4]", halfEnd, tailEnd) + "}";
        byte[] headerBytes = RawSafetensors.paddedHeader(header);
        long dataStart = 8 + headerBytes.length;
        Path file = dir.resolve("sparse.safetensors");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            out.setLength(dataStart + tailEnd);
            out.seek(dataStart + smallBegin);
            out.write(littleEndianFloats(SMALL));
            out.seek(dataStart + halfEnd - 2);
            out.write(new byte[] {0x00, 0x3E}); // F16 1.5, the last element of c_halves
            out.seek(dataStart + halfEnd);
            out.write(littleEndianFloats(TAIL));
        }

        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(4, opened.tensors().size());
            assertEquals(halfBegin, opened.info("c_halves").dataBegin());
            assertEquals(HALF_COUNT, opened.info("c_halves").elementCount());

            assertArrayEquals(SMALL, opened.readFloats("b_small", 2, 3));
            assertEquals(-2.25f, opened.map("b_small").getFloat(4));
            assertArrayEquals(TAIL, opened.readFloats("d_tail"));
            assertEquals(1024f, opened.map("d_tail").getFloat(8));

            ByteBuffer lastHalves = opened.map("c_halves", 2 * HALF_COUNT - 4, 4);
            assertEquals(0, lastHalves.getShort(0));
            assertEquals((short) 0x3E00, lastHalves.getShort(2));
            ByteBuffer zerosEnd = opened.map("a_zeros", ZEROS_BYTES - 16, 16);
            assertEquals(0L, zerosEnd.getLong(0) | zerosEnd.getLong(8));

            TensorFormatException tooBigToMap = assertThrows(TensorFormatException.class, () -> opened.map("a_zeros"));
            assertTrue(tooBigToMap.getMessage().contains("tensor 'a_zeros': tensor is 2200000000 bytes, more than one "
                    + "ByteBuffer can map"), tooBigToMap.getMessage());
            TensorFormatException tooManyFloats = assertThrows(TensorFormatException.class,
                    () -> opened.readFloats("c_halves"));
            assertTrue(tooManyFloats.getMessage().contains("tensor 'c_halves': tensor has 2147483648 elements (shape "
                    + "[2147483648]), more than a Java array can hold"), tooManyFloats.getMessage());
        }
    }

    @Test
    void floatTensorSpanningSeveralMappingWindowsIsReadWhole(@TempDir Path dir) throws IOException {
        // Same reading path as a > 2 GiB tensor, which is read window by window, at a testable size.
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 100f;
        }
        Path file = dir.resolve("windows.safetensors");
        new SafetensorsWriter().addFloats("w", DType.F32, new long[] {10, 100}, values)
                .addFloats("h", DType.F16, new long[] {1000}, values)
                .addFloats("b", DType.BF16, new long[] {1000}, values)
                .writeTo(file);
        try (SafetensorsFile opened = SafetensorsFile.open(file, 24)) {
            assertArrayEquals(values, opened.readFloats("w"));
            assertArrayEquals(values, opened.readFloats("h")); // all exact in F16: multiples of 0.25 below 2048
            float[] bfloat = opened.readFloats("b");
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], bfloat[i], Math.abs(values[i]) / 128, "b[" + i + "]");
            }
        }
    }

    private static byte[] littleEndianFloats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return bytes.array();
    }
}
