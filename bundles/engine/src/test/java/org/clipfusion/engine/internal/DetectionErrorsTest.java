package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ScorerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is a DetectionException whose message names what is wrong. */
class DetectionErrorsTest {
    @TempDir
    Path dataDirectory;

    private EngineFixture engine() {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
        fixture.bind(TestStrategy.max("max"), 0);
        return fixture;
    }

    @Test
    void anUnknownCategoryListsTheConfiguredOnes() {
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "hazelnut");
            fixture.category("name", "bottle");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("nope", TestImages.withValue("img", 0)));
            assertEquals("unknown category 'nope'; configured: bottle, hazelnut", error.getMessage());
        }
    }

    @Test
    void aBrokenFrameBelowTheMinimumSizeIsRefusedNotCalledNormal() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory, "minImageSide", 32)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "thresholdMode", "value", "threshold", 0.5);
            InspectionImage pixel = new InspectionImage("frame-1", 1, 1, new byte[3], Map.of());
            DetectionException error = assertThrows(DetectionException.class, () -> fixture.detect("bottle", pixel));
            assertEquals("image 'frame-1' is 1x1 pixels, below the minimum of 32x32 (minImageSide in"
                    + " etc/org.clipfusion.engine.cfg)", error.getMessage());
            InspectionImage thin = new InspectionImage("r0", 32, 31, new byte[32 * 31 * 3], Map.of());
            assertThrows(DetectionException.class, () -> fixture.manager.fit("bottle", List.of(thin)));
            InspectionImage enough = new InspectionImage("frame-2", 32, 32, new byte[32 * 32 * 3], Map.of());
            assertEquals("frame-2", fixture.detect("bottle", enough).imageId());
        }
    }

    @Test
    void aMissingScorerIsNamed() {
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "bottle", "scorers", new String[] {"clip", "mapdiff"});
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img", 0)));
            assertEquals("category 'bottle' needs scorer 'mapdiff', which is not registered (registered: clip)",
                    error.getMessage());
        }
    }

    @Test
    void aMissingStrategyIsNamed() {
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "bottle", "fusionStrategy", "harmonic-mean");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img", 0)));
            assertTrue(error.getMessage().contains("fusion strategy 'harmonic-mean'"), error.getMessage());
        }
    }

    @Test
    void aThrowingScorerIsNamedWithTheImage() {
        try (EngineFixture fixture = engine()) {
            TestScorer broken = fixture.bind(new TestScorer("boom", MapRole.DIFFUSION_LANGUAGE, 8));
            broken.failWith("out of memory");
            fixture.category("name", "bottle");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img-7", 0)));
            assertTrue(error.getMessage().startsWith("scorer 'boom' failed on image 'img-7' (category 'bottle'): "
                    + "out of memory"), error.getMessage());
            assertInstanceOf(ScorerException.class, error.getCause());
        }
    }

    @Test
    void twoScorersOfOneRoleAreRefused() {
        try (EngineFixture fixture = engine()) {
            fixture.bind(new TestScorer("clip2", MapRole.CLIP_LANGUAGE, 8));
            fixture.category("name", "bottle");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img", 0)));
            assertTrue(error.getMessage().contains("'clip' and 'clip2' both produce a CLIP_LANGUAGE map"),
                    error.getMessage());
        }
    }

    @Test
    void aNaNScoreIsAnErrorNotANormalImage() {
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "bottle", "thresholdMode", "value", "threshold", 0.5);
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img", Double.NaN)));
            assertTrue(error.getMessage().contains("not a number"), error.getMessage());
        }
    }

    @Test
    void noScorerAtAll() {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.detect("bottle", TestImages.withValue("img", 0)));
            assertTrue(error.getMessage().contains("no scorer is registered"), error.getMessage());
        }
    }
}
