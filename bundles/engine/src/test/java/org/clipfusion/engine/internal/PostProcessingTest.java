package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.GaussianBlur;
import org.clipfusion.tensor.image.TorchInterpolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resampling to the grid, smoothing of the fused map, and the image score, against independent values. */
class PostProcessingTest {
    @TempDir
    Path dataDirectory;

    @Test
    void aConstantMapStaysConstantThroughResamplingAndSmoothing() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory, "evaluationGrid", 16, "smoothingSigma", 4.0)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 5));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0.3));

            assertEquals(16, result.map().width());
            assertEquals(16, result.map().height());
            for (float value : result.map().values()) {
                assertEquals(0.3f, value, 1e-6f);
            }
            assertEquals(0.3, result.imageScore(), 1e-6, "no scorer image score: the score is the map's maximum");
        }
    }

    @Test
    void resamplingIsBilinearWithoutCornerAlignment() throws Exception {
        // 2x2 -> 4x4, align_corners=False: source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1),
        // so each axis weighs its two samples 1:0, 0.75:0.25, 0.25:0.75, 0:1.
        float[] expected = {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f};
        try (EngineFixture fixture = new EngineFixture(dataDirectory, "evaluationGrid", 4, "smoothingSigma", 0.0)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 2)
                    .maps((image, bank) -> new float[] {0, 1, 2, 3}));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0));

            assertArrayEquals(expected, result.componentMaps().get(MapRole.CLIP_LANGUAGE).values(), 1e-6f);
            assertArrayEquals(expected, result.map().values(), 1e-6f, "sigma 0: the fused map is not smoothed");
        }
    }

    @Test
    void theFusedMapIsSmoothedWithScipysGaussianOnTheGrid() throws Exception {
        float[] hotPixel = new float[8 * 8];
        hotPixel[5 * 8 + 3] = 1;
        try (EngineFixture fixture = new EngineFixture(dataDirectory, "evaluationGrid", 16, "smoothingSigma", 2.0)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8).maps((image, bank) -> hotPixel.clone()));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0));

            float[] resampled = TorchInterpolation.bilinear(FloatImage.ofMap(8, 8, hotPixel.clone()), 16, 16).data();
            float[] smoothed = new GaussianBlur(2.0).apply(resampled, 16, 16);
            assertArrayEquals(resampled, result.componentMaps().get(MapRole.CLIP_LANGUAGE).values());
            assertArrayEquals(smoothed, result.map().values());
            float max = 0;
            for (float value : smoothed) {
                max = Math.max(max, value);
            }
            assertEquals(max, result.imageScore(), 1e-7);
            // Smoothing spreads the hot pixel: the peak drops, the mass stays (reflecting edges keep the sum).
            double sumBefore = 0;
            double sumAfter = 0;
            for (int i = 0; i < resampled.length; i++) {
                sumBefore += resampled[i];
                sumAfter += result.map().values()[i];
            }
            assertEquals(sumBefore, sumAfter, 1e-4);
        }
    }

    @Test
    void theImageScoreIsHalfTheScorersMeanScorePlusTheSmoothedMax() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8)
                    .maps((image, bank) -> TestScorer.constant(8, 0.3)).imageScores((image, bank) -> 0.2));
            fixture.bind(new TestScorer("diffusion", MapRole.DIFFUSION_LANGUAGE, 8)
                    .maps((image, bank) -> TestScorer.constant(8, 0.5)).imageScores((image, bank) -> 0.6));
            fixture.bind(new TestScorer("plant", MapRole.OTHER, 8)
                    .maps((image, bank) -> TestScorer.constant(8, 0.1)));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0));

            // s = mean(0.2, 0.6) (the plant scorer gives no image score); max of the fused map = 0.5.
            assertEquals(0.5 * (0.4 + 0.5), result.imageScore(), 1e-6);
            assertEquals(3, result.componentMaps().size());
        }
    }

    @Test
    void theImageScoreUsesAlphaOfClassificationAndTheMapAlphaOfSegmentation() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8)
                    .maps((image, bank) -> TestScorer.constant(8, 1.0)));
            fixture.bind(new TestScorer("diffusion", MapRole.DIFFUSION_LANGUAGE, 8)
                    .maps((image, bank) -> TestScorer.constant(8, 0.0)));
            fixture.bind(TestStrategy.weightedSum("sum"), 0);
            fixture.category("name", "bottle", "alphaSegmentation", 0.8, "alphaClassification", 0.2);

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", 0));

            assertEquals(0.8, result.map().max(), 1e-6);
            assertEquals(0.2, result.imageScore(), 1e-6);
            assertEquals(0.8, result.provenance().alphaSegmentation());
            assertEquals(0.2, result.provenance().alphaClassification());
        }
    }

    @Test
    void imageScoreRule() {
        ScorerResult withScore = new ScorerResult("a", new ScorerOutput(Map.of(MapRole.OTHER,
                new AnomalyMap(1, 1, new float[] {0}, MapRole.OTHER, "a")), OptionalDouble.of(0.8)));
        ScorerResult without = new ScorerResult("b", new ScorerOutput(Map.of(MapRole.FUSED,
                new AnomalyMap(1, 1, new float[] {0}, MapRole.FUSED, "b")), OptionalDouble.empty()));
        assertEquals(0.5 * (0.8 + 0.4), ImageScore.of(List.of(withScore, without), 0.4), 1e-12);
        assertEquals(0.4, ImageScore.of(List.of(without), 0.4), 1e-12);
    }
}
