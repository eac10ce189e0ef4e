package org.clipfusion.clip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clipfusion.tensor.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same weights stored as F16 (the fixture), F32 and BF16: F32 must give bit-identical results (the fixture's
 * values are F16-exact), BF16 (fewer mantissa bits, so other weights) must load and give close results.
 */
class OpenClipCheckpointDtypeTest {
    private static Path fixture;
    private static INDArray images;
    private static long[][] tokenIds;
    private static int[][] windows;
    private static Map<String, INDArray> reference;

    @BeforeAll
    static void computeReference() throws IOException {
        fixture = ParityFixtures.openClip();
        images = ParityFixtures.readFloats(fixture.resolve("inputs/images_preprocessed.npy"));
        tokenIds = ParityFixtures.readLongMatrix(fixture.resolve("inputs/text_tokens.npy"));
        windows = ParityFixtures.readIntMatrix(fixture.resolve("inputs/window_masks.npy"));
        try (OpenClipModel model = OpenClipModel.load(fixture)) {
            reference = outputs(model);
        }
    }

    @AfterAll
    static void release() {
        if (reference != null) {
            reference.values().forEach(INDArray::close);
        }
    }

    @Test
    void f32CopyGivesIdenticalOutputs(@TempDir Path directory) throws IOException {
        Path copy = CheckpointCopies.modelDirectory(fixture, directory, DType.F32);
        try (OpenClipModel model = OpenClipModel.load(copy)) {
            assertEquals(reference.keySet(), outputs(model).keySet());
            outputs(model).forEach((name, actual) -> {
                assertEquals(reference.get(name), actual, name + " differs between the F16 and F32 checkpoints");
                actual.close();
            });
        }
    }

    @Test
    void bf16CopyLoadsAndRuns(@TempDir Path directory) throws IOException {
        Path copy = CheckpointCopies.modelDirectory(fixture, directory, DType.BF16);
        try (OpenClipModel model = OpenClipModel.load(copy)) {
            outputs(model).forEach((name, actual) -> {
                INDArray expected = reference.get(name);
                assertArrayEquals(expected.shape(), actual.shape(), name);
                assertTrue(Double.isFinite(actual.norm1Number().doubleValue()), name + " is finite");
                // BF16 keeps 8 of F16's 11 significant bits; the embeddings must still point the same way.
                double cosine = Transforms.cosineSim(expected.reshape(-1), actual.reshape(-1));
                System.out.printf("BF16 vs F16 %-18s cosine %.6f%n", name, cosine);
                assertTrue(cosine > 0.999, name + ": cosine similarity to the F16 result " + cosine);
                actual.close();
            });
        }
    }

    private static Map<String, INDArray> outputs(OpenClipModel model) {
        Map<String, INDArray> outputs = new LinkedHashMap<>(model.imageOutputs(images,
                OpenClipOutputs.IMAGE_FEATURES, OpenClipOutputs.PATCH_TOKENS));
        outputs.put(OpenClipOutputs.TEXT_FEATURES, model.encodeText(tokenIds));
        outputs.put("window_embeddings", model.windowEmbeddings(images, windows));
        return outputs;
    }
}
