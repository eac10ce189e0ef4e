package org.clipfusion.clip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.clipfusion.clip.model.internal.TokenBatch;
import org.clipfusion.testing.ParityManifest;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every reference output of the open_clip fixture set ({@code open_clip/outputs/*.npy} and {@code
 * outputs/intermediates/*.npy}) against this model, within {@link ParityTolerance}. Driven entirely by the fixture
 * directory (see {@link ParityFixtures}): config, weights and inputs come from it and must match the checksums of its
 * {@code MANIFEST.md}, the references that manifest lists decide what is compared (a listed file that is missing
 * fails), and a file that maps to no model output fails.
 */
class OpenClipParityTest {
    private static final String SET = "open_clip";

    private static Path fixture;
    private static ParityManifest manifest;
    private static OpenClipModel model;
    private static INDArray images;
    private static long[][] tokenIds;
    private static int[][] windows;
    private static final Map<String, INDArray> produced = new HashMap<>();

    @BeforeAll
    static void loadModelAndInputs() throws IOException {
        fixture = ParityFixtures.openClip();
        manifest = ParityManifest.ofParityDirectory();
        manifest.verify(SET);
        model = OpenClipModel.load(fixture);
        images = ParityFixtures.readFloats(fixture.resolve("inputs/images_preprocessed.npy"));
        tokenIds = ParityFixtures.readLongMatrix(fixture.resolve("inputs/text_tokens.npy"));
        windows = ParityFixtures.readIntMatrix(fixture.resolve("inputs/window_masks.npy"));
    }

    @AfterAll
    static void release() {
        produced.values().forEach(INDArray::close);
        if (model != null) {
            model.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceOutputMatches() throws IOException {
        List<Path> references = manifest.references(SET + "/outputs");
        return references.stream().map(reference -> DynamicTest.dynamicTest(
                fixture.relativize(reference).toString(), () -> compare(reference)));
    }

    /**
     * Text features asked for alone run on the sequence cut after the batch's last end-of-text token (the fast path
     * for text prototypes); they must match the same reference as the full-length forward above.
     */
    @Test
    void textFeaturesAloneRunCutAtTheLastEndOfTextAndMatchTheReference() throws IOException {
        int pooledLength = TokenBatch.of(tokenIds, model.config().text()).pooledLength();
        // The first fixture set's prompts end early; the second one's fill the context, so nothing is cut there.
        assumeTrue(pooledLength < model.config().text().contextLength(),
                "this fixture set's prompts fill the context: nothing to cut");
        try (INDArray expected = ParityFixtures.readFloats(fixture.resolve("outputs/text_features.npy"));
                INDArray actual = model.encodeText(tokenIds)) {
            assertArrayEquals(expected.shape(), actual.shape());
            double error = ParityFixtures.maxAbsError(actual, expected);
            double magnitude = expected.amaxNumber().doubleValue();
            String line = ParityTolerance.describe("open_clip cut text features", error, magnitude);
            assertTrue(ParityTolerance.within(error, magnitude), line);
        }
    }

    private static void compare(Path reference) {
        String name = reference.getFileName().toString().replaceFirst("\\.npy$", "");
        try (INDArray expected = ParityFixtures.readFloats(reference)) {
            INDArray actual = output(name);
            assertArrayEquals(expected.shape(), actual.shape(), name + ": shape");
            double error = ParityFixtures.maxAbsError(actual, expected);
            double magnitude = expected.amaxNumber().doubleValue();
            String line = ParityTolerance.describe("open_clip " + fixture.relativize(reference), error, magnitude);
            System.out.println(line);
            assertTrue(ParityTolerance.within(error, magnitude), line);
        }
    }

    /** The model's value for a reference file named {@code name}, computed once (one forward per tower). */
    private static INDArray output(String name) {
        INDArray cached = produced.get(name);
        if (cached != null) {
            return cached;
        }
        OpenClipConfig config = model.config();
        if (OpenClipOutputs.imageOutputs(config).contains(name)) {
            produced.putAll(model.imageOutputs(images, OpenClipOutputs.imageOutputs(config).toArray(String[]::new)));
        } else if (OpenClipOutputs.textOutputs(config).contains(name)) {
            produced.putAll(model.textOutputs(tokenIds, OpenClipOutputs.textOutputs(config).toArray(String[]::new)));
        } else {
            produced.put(name, derived(name).get());
        }
        return produced.get(name);
    }

    /** Reference files that are not graph outputs but open_clip API results computed from them. */
    private static Supplier<INDArray> derived(String name) {
        return switch (name) {
            case "image_features_normalized" -> () -> OpenClipModel.normalize(output(OpenClipOutputs.IMAGE_FEATURES));
            case "text_features_normalized" -> () -> OpenClipModel.normalize(output(OpenClipOutputs.TEXT_FEATURES));
            case "logits_per_image" -> () -> model.logits(output(OpenClipOutputs.IMAGE_FEATURES),
                    output(OpenClipOutputs.TEXT_FEATURES));
            case "window_embeddings" -> () -> model.windowEmbeddings(images, windows);
            default -> () -> fail("reference file " + name + ".npy maps to no output of the model; image outputs: "
                    + OpenClipOutputs.imageOutputs(model.config()) + ", text outputs: "
                    + OpenClipOutputs.textOutputs(model.config()));
        };
    }
}
