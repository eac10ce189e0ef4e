package org.clipfusion.diffusion.unet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.testing.SharedFixtures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The UNet reference material, found by the project's one locator ({@link SharedFixtures}: {@code
 * -Dclipfusion.fixtures} for another fixture set of the same layout, else {@code shared/fixtures/parity}), and
 * {@code .npy} reading into ND4J arrays.
 */
final class UNetFixtures {
    private UNetFixtures() {
    }

    /** The fixture set's {@code unet/} directory. */
    static Path unet() {
        return SharedFixtures.paritySet("unet");
    }

    /** A full-size key manifest, {@code shared/fixtures/manifests/<name>}. */
    static Path manifest(String name) {
        return SharedFixtures.shared("fixtures/manifests/" + name);
    }

    /** A float or integer {@code .npy} file as an ND4J array of its shape (float32 or int64). */
    static INDArray read(Path file) {
        NpyArray array;
        try {
            array = NpyArray.read(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (array.dtype() == DType.F32 || array.dtype() == DType.F64) {
            return Nd4j.create(array.toFloatArray(), array.shape(), 'c');
        }
        return Nd4j.createFromArray(array.toLongArray()).reshape(array.shape());
    }

    /** Largest |actual − expected| over all elements, in double precision; the shapes must agree. */
    static double maxAbsError(INDArray actual, INDArray expected) {
        try (INDArray a = Nd4j.create(DataType.DOUBLE, actual.shape()).assign(actual);
                INDArray e = Nd4j.create(DataType.DOUBLE, expected.shape()).assign(expected);
                INDArray difference = Transforms.abs(a.sub(e), false)) {
            return difference.maxNumber().doubleValue();
        }
    }

    /** The {@code .npy} files anywhere under {@code directory}, sorted by path. */
    static List<Path> npyFilesUnder(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".npy"))
                    .sorted()
                    .toList();
        }
    }

    /** The output name a reference file stands for: its file name without {@code .npy}. */
    static String outputName(Path referenceFile) {
        String fileName = referenceFile.getFileName().toString();
        return fileName.substring(0, fileName.length() - ".npy".length());
    }
}
