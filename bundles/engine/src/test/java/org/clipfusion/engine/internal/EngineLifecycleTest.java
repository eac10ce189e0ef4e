package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance, scorer replacement, reconfiguration and deactivation. */
class EngineLifecycleTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<InspectionImage> REFERENCES = List.of(TestImages.withValue("r0", 0.2),
            TestImages.withValue("r1", 0.4));

    @TempDir
    Path dataDirectory;
    @TempDir
    Path otherDataDirectory;

    @Test
    void resultsCarryTheirProvenance() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(ThresholdModesTest.memoryScorer());
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "scorers", "memory,clip", "seed", 1234L, "alphaSegmentation", 0.4,
                    "alphaClassification", 0.6);
            fixture.manager.fit("bottle", REFERENCES);

            DetectionResult result = fixture.engine.detect(new DetectionRequest("req-9",
                    "part-77", "bottle", TestImages.withValue("img-3", 0.5)));

            assertEquals("req-9", result.requestId());
            assertEquals("part-77", result.partId());
            assertEquals("img-3", result.imageId());
            assertEquals("bottle", result.provenance().category());
            assertEquals(List.of(new ModelInfo("memory-model", "/models/memory.safetensors", "sha-weights-1"),
                    new ModelInfo("clip-model", "/models/clip.safetensors", "sha-weights-1")),
                    result.provenance().models());
            assertEquals(List.of(), result.provenance().prompts(), "the Scorer API exposes no prompts");
            assertEquals(0.4, result.provenance().alphaSegmentation());
            assertEquals(0.6, result.provenance().alphaClassification());
            assertEquals("max", result.provenance().fusionStrategy());
            assertEquals(List.of("r0", "r1"), result.provenance().referenceImageIds());
            assertEquals(1234L, result.provenance().seed());
            assertEquals(SoftwareVersion.UNKNOWN, result.provenance().softwareVersion());
            assertEquals(2, result.componentMaps().size());
        }
    }

    @Test
    void banksAreReadAgainThroughWhicheverInstanceOfTheScorerWins() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(ThresholdModesTest.memoryScorer(), 0);
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");
            fixture.manager.fit("bottle", REFERENCES);

            // A new version with other weights takes over: it refuses the bank, the category runs zero-shot.
            TestScorer newVersion = new TestScorer("memory", MapRole.CLIP_VISION, 8).withReferences("weights-2");
            fixture.engine.bindScorer(newVersion, newVersion.properties(10, 100));
            DetectionResult zeroShot = fixture.detect("bottle", TestImages.withValue("q", 0.9));
            assertEquals(List.of(), zeroShot.provenance().referenceImageIds());
            assertEquals(0.9, zeroShot.imageScore(), TOLERANCE);

            // It goes away: the old version is back, and with it the bank.
            fixture.engine.unbindScorer(newVersion, newVersion.properties(10, 100));
            DetectionResult fewShot = fixture.detect("bottle", TestImages.withValue("q", 0.9));
            assertEquals(List.of("r0", "r1"), fewShot.provenance().referenceImageIds());
            assertEquals(0.6, fewShot.imageScore(), TOLERANCE);
        }
    }

    @Test
    void reconfiguringTheEngineKeepsServingAndFollowsTheDataDirectory() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(ThresholdModesTest.memoryScorer());
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "thresholdMode", "references-fpr");
            fixture.manager.fit("bottle", REFERENCES);

            fixture.engine.modified(ConfigAnnotations.of(EngineConfig.class, "dataDirectory", dataDirectory.toString(),
                    "evaluationGrid", 32, "smoothingSigma", 1.0, "scorerThreads", 1, "minImageSide", 1));
            DetectionResult regridded = fixture.detect("bottle", TestImages.withValue("q", 0.9));
            assertEquals(32, regridded.map().width());
            assertEquals(List.of("r0", "r1"), regridded.provenance().referenceImageIds(), "same directory: same fit");
            assertEquals(ThresholdSource.UNSET, regridded.threshold().source(), "calibrated on another grid");

            fixture.engine.modified(ConfigAnnotations.of(EngineConfig.class, "dataDirectory", otherDataDirectory.toString(),
                    "evaluationGrid", 32, "minImageSide", 1));
            assertEquals(List.of(), fixture.detect("bottle", TestImages.withValue("q", 0.9)).provenance()
                    .referenceImageIds(), "nothing was fitted in the new directory");
        }
    }

    @Test
    void aDeactivatedEngineRefusesClearly() {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.close();
        DetectionException error = assertThrows(DetectionException.class,
                () -> fixture.detect("bottle", TestImages.withValue("q", 0.9)));
        assertTrue(error.getMessage().contains("not active"), error.getMessage());
    }
}
