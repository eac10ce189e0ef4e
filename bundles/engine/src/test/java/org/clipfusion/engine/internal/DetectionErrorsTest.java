package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.clipfusion.api.DetectionException;
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
