package org.clipfusion.diffusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.testing.SharedFixtures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The diffusion reference material, found through {@link SharedFixtures} ({@code -Dclipfusion.fixtures} for another
 * fixture set of the same layout, else {@code shared/fixtures/parity}; it fails, never skips, when nothing is
 * found), and {@code .npy} reading into the forms the models take.
 */
public final class ParityFiles {
    private ParityFiles() {
    }

    /** A model's fixture directory, e.g. {@code vae}. */
    public static Path set(String name) {
        return SharedFixtures.paritySet(name);
    }

    /** A full-size key manifest, {@code shared/fixtures/manifests/<name>}, parsed. */
    public static JsonNode manifest(String name) throws IOException {
        return new ObjectMapper().readTree(SharedFixtures.shared("fixtures/manifests/" + name).toFile());
    }

    /** A float {@code .npy} file as a float32 ND4J array of its shape. */
    public static INDArray readFloats(Path file) {
        NpyArray array = read(file);
        if (array.dtype() != DType.F32 && array.dtype() != DType.F64) {
            throw new AssertionError(file + ": expected a float array, found " + array.dtype());
        }
        return Nd4j.create(array.toFloatArray(), array.shape(), 'c');
    }

    /** An integer {@code .npy} file as longs, row-major. */
    public static long[] readLongs(Path file) {
        return read(file).toLongArray();
    }

    /** An integer {@code [rows, columns]} {@code .npy} file (token ids) as rows of longs. */
    public static long[][] readLongMatrix(Path file) {
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

    /** Largest |actual − expected| over all elements, in double precision; the shapes must agree. */
    public static double maxAbsError(INDArray actual, INDArray expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new AssertionError("shape " + Arrays.toString(actual.shape()) + " but the reference has "
                    + Arrays.toString(expected.shape()));
        }
        try (INDArray a = actual.castTo(DataType.DOUBLE);
                INDArray e = expected.castTo(DataType.DOUBLE);
                INDArray difference = Transforms.abs(a.sub(e), false)) {
            return difference.maxNumber().doubleValue();
        }
    }

    /** The {@code .npy} files in {@code directories} (each listed directly, sorted); none for a missing one. */
    public static List<Path> npyFiles(Path... directories) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path directory : directories) {
            if (Files.isDirectory(directory)) {
                try (var files = Files.list(directory)) {
                    files.filter(file -> file.getFileName().toString().endsWith(".npy")).sorted().forEach(found::add);
                }
            }
        }
        return found;
    }

    /** The name of a reference file without {@code .npy}. */
    public static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.npy$", "");
    }

    private static NpyArray read(Path file) {
        try {
            return NpyArray.read(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
