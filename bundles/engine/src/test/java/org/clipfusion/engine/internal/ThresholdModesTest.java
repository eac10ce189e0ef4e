package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four threshold modes. The "memory" scorer scores an image by how far its value lies from the mean of its bank
 * (zero-shot: the value itself), as a constant map and without an image score, so every image score is
 * hand-computable.
 */
class ThresholdModesTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<InspectionImage> REFERENCES = List.of(TestImages.withValue("r0", 0.1),
            TestImages.withValue("r1", 0.2), TestImages.withValue("r2", 0.4), TestImages.withValue("r3", 0.9));
    /** Each reference's distance to the mean of the other three. */
    private static final double[] HELD_OUT_SCORES = {
        Math.abs(0.1 - (0.2 + 0.4 + 0.9) / 3), Math.abs(0.2 - (0.1 + 0.4 + 0.9) / 3),
        Math.abs(0.4 - (0.1 + 0.2 + 0.9) / 3), Math.abs(0.9 - (0.1 + 0.2 + 0.4) / 3)};

    @TempDir
    Path dataDirectory;
    @TempDir
    Path normalImages;

    static TestScorer memoryScorer() {
        return new TestScorer("memory", MapRole.CLIP_VISION, 8).withReferences("weights-1")
                .maps((image, bank) -> TestScorer.constant(8, bank == null ? TestImages.valueOf(image)
                        : Math.abs(TestImages.valueOf(image) - bank.mean())));
    }

    private static EngineFixture engine(Path dataDirectory) {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.bind(memoryScorer());
        fixture.bind(TestStrategy.max("max"), 0);
        return fixture;
    }

    @Test
    void noneLeavesDecisionsUndecided() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle");
            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0.7));
            assertEquals(Decision.UNDECIDED, result.decision());
            assertEquals(ThresholdSource.UNSET, result.threshold().source());
        }
    }

    @Test
    void aConfiguredValueDecidesStrictlyAbove() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "value", "threshold", 0.5);
            assertEquals(Decision.ANOMALOUS, fixture.detect("bottle", TestImages.withValue("a", 0.6)).decision());
            DetectionResult normal = fixture.detect("bottle", TestImages.withValue("b", 0.4));
            assertEquals(Decision.NORMAL, normal.decision());
            assertEquals(new Threshold(0.5, ThresholdSource.FIXED_VALUE, normal.threshold().detail()),
                    normal.threshold());
        }
    }

    @Test
    void leaveOneOutScoresEachReferenceAgainstABankOfTheOthers() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "references-fpr", "targetFalsePositiveRate", 0.3);
            EngineRuntime runtime = new EngineRuntime(EngineSettings.from(ConfigAnnotations.of(EngineConfig.class,
                    "evaluationGrid", 16, "smoothingSigma", 1.0, "dataDirectory", dataDirectory.toString())));
            try {
                DetectionPlan plan = fixture.engine.planFor("bottle");
                ThresholdCalibrator.Calibration calibration = ThresholdCalibrator.leaveOneOut(plan, REFERENCES,
                        runtime);
                assertArrayEquals(HELD_OUT_SCORES, calibration.scores(), TOLERANCE);
                // 4 scores, FPR 0.3: floor(1.2) = 1 score may lie above, so the threshold is the second largest.
                assertEquals(Math.abs(0.1 - 0.5), calibration.threshold().value(), TOLERANCE);
                assertTrue(calibration.threshold().detail().contains("leave-one-out over 4 references"),
                        calibration.threshold().detail());
            } finally {
                runtime.close();
            }
        }
    }

    @Test
    void referencesFprWithFewReferencesTakesTheLargestHeldOutScore() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "references-fpr");

            CategoryInfo info = fixture.manager.fit("bottle", REFERENCES);

            double largest = Math.abs(0.9 - (0.1 + 0.2 + 0.4) / 3);
            assertEquals(ThresholdSource.REFERENCES_LEAVE_ONE_OUT, info.threshold().source());
            assertEquals(largest, info.threshold().value(), TOLERANCE);
            assertTrue(info.threshold().detail().contains("target FPR 0.01, leave-one-out over 4 references"),
                    info.threshold().detail());
            assertTrue(info.threshold().detail().contains("largest of 4"), info.threshold().detail());
            assertEquals(List.of("r0", "r1", "r2", "r3"), info.referenceImageIds());

            // Detection uses the bank of all four (mean 0.4).
            DetectionResult close = fixture.detect("bottle", TestImages.withValue("close", 0.45));
            assertEquals(0.05, close.imageScore(), TOLERANCE);
            assertEquals(Decision.NORMAL, close.decision());
            assertEquals(Decision.ANOMALOUS, fixture.detect("bottle", TestImages.withValue("far", 1.5)).decision());
            assertEquals(info.threshold(), close.threshold());
        }
    }

    @Test
    void referencesFprNeedsTwoReferences() {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "references-fpr");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.manager.fit("bottle", REFERENCES.subList(0, 1)));
            assertTrue(error.getMessage().contains("needs at least 2 references"), error.getMessage());
            assertEquals(ThresholdSource.UNSET, fixture.manager.category("bottle").orElseThrow().threshold().source());
        }
    }

    @Test
    void normalFolderFprScoresEveryDecodableImageAndSkipsTheRest() throws Exception {
        int[] redLevels = {10, 50, 100, 200};
        for (int red : redLevels) {
            writePng(normalImages.resolve("good-" + red + ".png"), red);
        }
        Files.write(normalImages.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(normalImages.resolve("notes.txt"), "not an image");
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "thresholdMode", "normal-folder-fpr", "normalImagesFolder",
                    normalImages.toString());
            fixture.category("name", "cable", "thresholdMode", "normal-folder-fpr", "normalImagesFolder",
                    normalImages.toString(), "targetFalsePositiveRate", 0.25);

            // Zero-shot categories calibrate with a fit on no references.
            Threshold maxRule = fixture.manager.fit("bottle", List.of()).threshold();
            Threshold quarter = fixture.manager.fit("cable", List.of()).threshold();

            assertEquals(ThresholdSource.NORMAL_IMAGES, maxRule.source());
            assertEquals(200 / 255.0, maxRule.value(), TOLERANCE);
            assertTrue(maxRule.detail().contains("4 normal images"), maxRule.detail());
            // FPR 0.25 over 4 images: one may lie above, the threshold is the second largest.
            assertEquals(100 / 255.0, quarter.value(), TOLERANCE);
            assertEquals(Decision.ANOMALOUS, fixture.detect("bottle", TestImages.withValue("x", 0.9)).decision());
        }
    }

    @Test
    void aFolderWithoutImagesIsAClearError() {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "normal-folder-fpr", "normalImagesFolder",
                    normalImages.toString());
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.manager.fit("bottle", List.of()));
            assertTrue(error.getMessage().contains("no decodable image"), error.getMessage());
        }
    }

    @Test
    void aCalibratedThresholdSurvivesARestartAndAHigherRankedStrategyUntilARefit() throws Exception {
        Threshold fitted;
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "references-fpr");
            fitted = fixture.manager.fit("bottle", REFERENCES).threshold();
        }
        try (EngineFixture restarted = engine(dataDirectory)) {
            restarted.category("name", "bottle", "thresholdMode", "references-fpr");
            assertEquals(fitted, restarted.manager.category("bottle").orElseThrow().threshold());
            assertEquals(fitted, restarted.detect("bottle", TestImages.withValue("a", 0.4)).threshold());

            // A higher-ranked strategy arrives: the category keeps the strategy its threshold was calibrated with.
            TestStrategy sum = TestStrategy.weightedSum("sum");
            Map<String, Object> sumProperties = restarted.bind(sum, 100);
            DetectionResult kept = restarted.detect("bottle", TestImages.withValue("b", 0.4));
            assertEquals("max", kept.provenance().fusionStrategy());
            assertEquals(fitted, kept.threshold());
            CategoryInfo info = restarted.manager.category("bottle").orElseThrow();
            assertEquals("max", info.fusionInForce());

            // A refit adopts the highest-ranked strategy and calibrates for it.
            restarted.manager.fit("bottle", REFERENCES);
            DetectionResult refitted = restarted.detect("bottle", TestImages.withValue("c", 0.4));
            assertEquals("sum", refitted.provenance().fusionStrategy());
            assertEquals(ThresholdSource.REFERENCES_LEAVE_ONE_OUT, refitted.threshold().source());

            // The strategy it was calibrated with goes away: the threshold lapses, and says why.
            restarted.engine.unbindFusionStrategy(sum, sumProperties);
            DetectionResult lapsed = restarted.detect("bottle", TestImages.withValue("d", 0.4));
            assertEquals("max", lapsed.provenance().fusionStrategy());
            assertEquals(ThresholdSource.UNSET, lapsed.threshold().source());
            assertTrue(lapsed.threshold().detail().contains("no longer applies")
                    && lapsed.threshold().detail().contains("fusionStrategy sum -> max"), lapsed.threshold().detail());
            assertEquals(Decision.UNDECIDED, lapsed.decision());
            assertEquals(ThresholdSource.UNSET,
                    restarted.manager.category("bottle").orElseThrow().threshold().source());
        }
    }

    @Test
    void thePixelThresholdIsTheQuantileOfTheHeldOutReferencesMapValues() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            // The memory scorer's maps are constant: each held-out reference contributes grid² pixels of its score.
            // 4 × 256 pixels at FPR 0.3 leave floor(307.2) = 307 above the threshold: the 717th smallest of 1024,
            // inside the block of the third smallest held-out score.
            fixture.category("name", "bottle", "thresholdMode", "references-fpr",
                    "pixelTargetFalsePositiveRate", 0.3);
            fixture.manager.fit("bottle", REFERENCES);
            double[] sorted = HELD_OUT_SCORES.clone();
            java.util.Arrays.sort(sorted);
            DetectionResult result = fixture.detect("bottle", TestImages.withValue("a", 0.4));
            assertEquals(ThresholdSource.REFERENCES_LEAVE_ONE_OUT, result.pixelThreshold().source());
            assertEquals(sorted[2], result.pixelThreshold().value(), TOLERANCE);
        }
    }

    @Test
    void withoutACalibratedModeThereIsNoPixelThresholdAndTheResultSaysWhy() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory)) {
            fixture.category("name", "bottle", "thresholdMode", "value", "threshold", 0.5);
            DetectionResult result = fixture.detect("bottle", TestImages.withValue("a", 0.4));
            assertEquals(ThresholdSource.UNSET, result.pixelThreshold().source());
            assertTrue(result.pixelThreshold().detail().contains("no mask"), result.pixelThreshold().detail());

            fixture.category("name", "cable", "thresholdMode", "value", "threshold", 0.5,
                    "pixelThresholdMode", "value", "pixelThreshold", 0.25);
            DetectionResult fixed = fixture.detect("cable", TestImages.withValue("a", 0.4));
            assertEquals(new Threshold(0.25, ThresholdSource.FIXED_VALUE, "configured value"
                    + " (pixelThresholdMode=value)"), fixed.pixelThreshold());
        }
    }

    private static void writePng(Path file, int red) throws Exception {
        BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, red << 16 | 0x2040);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        assertTrue(Files.size(file) > 0);
    }
}
