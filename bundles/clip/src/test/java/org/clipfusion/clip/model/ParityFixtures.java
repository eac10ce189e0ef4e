package org.clipfusion.clip.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.testing.SharedFixtures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The open_clip reference material, found by the project's one locator ({@link SharedFixtures}: {@code
 * -Dclipfusion.fixtures} for another fixture set of the same layout, else {@code shared/fixtures/parity}; it fails,
 * never skips, when nothing is found), and {@code .npy} reading into the forms the model takes.
 */
final class ParityFixtures {
    private ParityFixtures() {
    }

    /** The fixture set's {@code open_clip/} directory. */
    static Path openClip() {
        return SharedFixtures.paritySet("open_clip");
    }

    /** A full-size key manifest, {@code shared/fixtures/manifests/<name>}. */
    static Path manifest(String name) {
        return SharedFixtures.shared("fixtures/manifests/" + name);
    }

    /** A float {@code .npy} file as a float32 ND4J array of its shape. */
    static INDArray readFloats(Path file) {
        NpyArray array = read(file);
        if (array.dtype() != DType.F32 && array.dtype() != DType.F64) {
            throw new AssertionError(file + ": expected a float array, found " + array.dtype());
        }
        return Nd4j.create(array.toFloatArray(), array.shape(), 'c');
    }

    /** An integer {@code [rows, columns]} {@code .npy} file (token ids) as rows of longs. */
    static long[][] readLongMatrix(Path file) {
        NpyArray array = read(file);
        long[] values = array.toLongArray();
        int rows = array.intShape()[0];
        int columns = array.intShape()[1];
        long[][] matrix = new long[rows][];
        for (int row = 0; row < rows; row++) {
            matrix[row] = Arrays.copyOfRange(values, row * columns, (row + 1) * columns);
        }
        return matrix;
    }

    /** An integer {@code [rows, columns]} {@code .npy} file (window patch indices) as rows of ints. */
    static int[][] readIntMatrix(Path file) {
        long[][] longs = readLongMatrix(file);
        return Arrays.stream(longs)
                .map(row -> Arrays.stream(row).mapToInt(Math::toIntExact).toArray())
                .toArray(int[][]::new);
    }

    /** Largest |actual − expected| over all elements, in double precision; the shapes must agree. */
    static double maxAbsError(INDArray actual, INDArray expected) {
        try (INDArray a = Nd4j.create(DataType.DOUBLE, actual.shape()).assign(actual);
                INDArray e = Nd4j.create(DataType.DOUBLE, expected.shape()).assign(expected);
                INDArray difference = Transforms.abs(a.sub(e), false)) {
            return difference.maxNumber().doubleValue();
        }
    }

    /** The {@code .npy} files directly in {@code directory}, sorted; none when it does not exist. */
    static List<Path> npyFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".npy")).sorted().toList();
        }
    }

    private static NpyArray read(Path file) {
        try {
            return NpyArray.read(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
