package org.clipfusion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NpyArray} on files written by numpy 1.24 ({@code src/test/python/make_resampling_fixtures.py}). */
class NpyArrayTest {
    private static final float[] F4_VALUES = {1.5f, -2.25f, 3.0e-8f, Float.POSITIVE_INFINITY, -0.0f, 65504.0f};

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"f4.npy", "f4_v2.npy", "f4_v3.npy"})
    void readsFloat32InEveryFormatVersion(String name) throws IOException {
        NpyArray array = npy(name);

        assertEquals(DType.F32, array.dtype());
        assertArrayEquals(new long[] {2, 3}, array.shape());
        assertArrayEquals(new int[] {2, 3}, array.intShape());
        assertArrayEquals(F4_VALUES, array.toFloatArray());
        assertEquals(-0.0, array.toDoubleArray()[4]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(array.toDoubleArray()[4]));
    }

    @Test
    void readsFloat64() throws IOException {
        NpyArray array = npy("f8.npy");

        assertArrayEquals(new double[] {0.1, -1e300, Double.MIN_VALUE}, array.toDoubleArray());
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY, 0.0f}, array.toFloatArray());
    }

    @Test
    void readsInt64() throws IOException {
        NpyArray array = npy("i8.npy");

        assertArrayEquals(new long[] {2, 2}, array.shape());
        assertArrayEquals(new long[] {0, -1, 1L << 62, Long.MIN_VALUE}, array.toLongArray());
        assertThrows(ArithmeticException.class, array::toIntArray);
    }

    @Test
    void readsInt32() throws IOException {
        assertArrayEquals(new int[] {7, Integer.MIN_VALUE, Integer.MAX_VALUE}, npy("i4.npy").toIntArray());
    }

    @Test
    void readsUint8AsUnsigned() throws IOException {
        NpyArray array = npy("u1.npy");

        assertArrayEquals(new long[] {250, 251, 252, 253, 254, 255}, array.toLongArray());
        assertArrayEquals(new float[] {250, 251, 252, 253, 254, 255}, array.toFloatArray());
    }

    @Test
    void readsBoolAsZeroOrOne() throws IOException {
        assertArrayEquals(new int[] {1, 0, 1}, npy("b1.npy").toIntArray());
    }

    @Test
    void readsScalarAndEmptyArrays() throws IOException {
        NpyArray scalar = npy("scalar_f4.npy");
        assertEquals(0, scalar.rank());
        assertArrayEquals(new float[] {2.5f}, scalar.toFloatArray());

        NpyArray empty = npy("empty_f4.npy");
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void floatArraysAreNotReadAsIntegers() throws IOException {
        NpyArray array = npy("f4.npy");
        assertThrows(IllegalStateException.class, array::toLongArray);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fortran_f4.npy", "big_endian_f4.npy", "unsupported_c8.npy", "truncated_f4.npy"})
    void refusesWhatItCannotReadNamingTheFile(String name) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, bytes(name));

        IOException error = assertThrows(IOException.class, () -> NpyArray.read(file));

        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void refusesNonNpyFiles() throws IOException {
        Path file = temp.resolve("not.npy");
        Files.writeString(file, "PK\u0003\u0004 this is a zip");

        IOException error = assertThrows(IOException.class, () -> NpyArray.read(file));

        assertTrue(error.getMessage().contains("not.npy"), error.getMessage());
    }

    @Test
    void writesFloat32ThatReadsBack() throws IOException {
        Path file = temp.resolve("out.npy");

        NpyArray.write(file, F4_VALUES, 3, 2);

        NpyArray back = NpyArray.read(file);
        assertEquals(DType.F32, back.dtype());
        assertArrayEquals(new long[] {3, 2}, back.shape());
        assertArrayEquals(F4_VALUES, back.toFloatArray());
        assertEquals(0, headerEnd(file) % 64, "numpy aligns the data to 64 bytes");
    }

    @Test
    void writesUint8ThatReadsBack() throws IOException {
        Path file = temp.resolve("bytes.npy");

        NpyArray.write(file, new byte[] {0, 1, (byte) 200, (byte) 255}, 4);

        NpyArray back = NpyArray.read(file);
        assertEquals(DType.U8, back.dtype());
        assertArrayEquals(new long[] {4}, back.shape());
        assertArrayEquals(new long[] {0, 1, 200, 255}, back.toLongArray());
    }

    @Test
    void writtenHeaderIsByteForByteNumpys() throws IOException {
        // f4.npy is numpy.save of a (2, 3) float32 array; only the data differs from this file.
        Path file = temp.resolve("header.npy");

        NpyArray.write(file, new float[6], 2, 3);

        byte[] ours = Files.readAllBytes(file);
        byte[] numpys = bytes("f4.npy");
        int headerEnd = headerEnd(file);
        assertEquals(numpys.length, ours.length);
        assertArrayEquals(Arrays.copyOf(numpys, headerEnd), Arrays.copyOf(ours, headerEnd));
    }

    @Test
    void writeRejectsShapeMismatch() {
        assertThrows(IllegalArgumentException.class, () -> NpyArray.write(temp.resolve("x.npy"), new float[5], 2, 3));
    }

    private static int headerEnd(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return 10 + ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
    }

    private static NpyArray npy(String name) throws IOException {
        return NpyArray.parse(bytes(name), name);
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = NpyArrayTest.class.getResourceAsStream("/resampling/npy/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /resampling/npy/" + name);
            }
            return in.readAllBytes();
        }
    }
}
