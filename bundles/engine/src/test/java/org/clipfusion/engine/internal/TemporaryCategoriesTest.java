package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.engine.CategoryInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary categories (evaluations): the template's settings, in memory only, and no fit left when closed. */
class TemporaryCategoriesTest {
    @TempDir
    Path dataDirectory;

    @Test
    void aTemporaryCategoryCopiesItsTemplateAndLeavesNoFitBehind() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(ThresholdModesTest.memoryScorer());
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "line3", "alphaSegmentation", 0.25, "fusionStrategy", "max",
                    "thresholdMode", "value", "threshold", 0.5);
            fixture.manager.openTemporary("eval.bottle", "line3", "glass bottle", 7);

            CategoryInfo info = fixture.manager.category("eval.bottle").orElseThrow();
            assertEquals("glass bottle", info.objectName());
            assertEquals(0.25, info.alphaSegmentation());
            assertEquals("max", info.fusionStrategy());
            assertEquals(ThresholdSource.UNSET, info.threshold().source(), "no threshold: metrics need none");
            fixture.manager.fit("eval.bottle", List.of(TestImages.withValue("r0", 0.2)));
            assertEquals(7, fixture.detect("eval.bottle", TestImages.withValue("q", 0.5)).provenance().seed());
            assertTrue(Files.isDirectory(dataDirectory.resolve("banks/eval.bottle")));

            fixture.manager.closeTemporary("eval.bottle");
            assertFalse(fixture.engine.categories().contains("eval.bottle"));
            assertFalse(Files.exists(dataDirectory.resolve("banks/eval.bottle")));
            assertTrue(fixture.engine.categories().contains("line3"));
        }
    }

    @Test
    void aTemporaryCategoryNeverTakesAConfiguredName() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.category("name", "line3");
            DetectionException error = assertThrows(DetectionException.class,
                    () -> fixture.manager.openTemporary("line3", "", "", 0));
            assertTrue(error.getMessage().contains("is configured already"), error.getMessage());
            assertThrows(DetectionException.class, () -> fixture.manager.openTemporary("eval.x", "nope", "", 0));
            assertThrows(DetectionException.class, () -> fixture.manager.openTemporary("..", "", "", 0));
            assertTrue(fixture.engine.categories().contains("line3"));
            assertFalse(fixture.engine.categories().contains("eval.x"));

            fixture.manager.openTemporary("eval.x", "", "", 0);
            assertEquals("eval.x", fixture.manager.category("eval.x").orElseThrow().objectName(),
                    "the defaults: the name as object");
        }
    }
}
