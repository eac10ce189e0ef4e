package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comparable scales before fusion (mapScaling) and the maps a category fuses (maps, for ablations), with values
 * worked out by hand: the test scorers paint constant maps of the image's value, so every figure is a quotient.
 */
class MapScalingTest {
    @TempDir
    Path dataDirectory;

    @Test
    void fewShotMapsAreDividedByTheirReferenceMaximumByDefault() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 4).withReferences("w").withReferenceMaxima());
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");
            fixture.manager.fit("bottle", List.of(TestImages.withValue("r1", 0.2), TestImages.withValue("r2", 0.4)));

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("q", 0.3));

            // 0.3 / max(0.2, 0.4): three quarters of the most unusual reference.
            assertEquals(0.75f, result.componentMaps().get(MapRole.CLIP_LANGUAGE).values()[0], 1e-6f);
            assertEquals(0.75, result.imageScore(), 1e-6);
            assertEquals("reference-max", result.provenance().method().get("fusion.mapScaling"));
            assertEquals("/0.4", result.provenance().method().get("fusion.scale.clip_language"));
        }
    }

    @Test
    void theRawSumLeavesMapsAsTheScorersMadeThem() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 4).withReferences("w").withReferenceMaxima());
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "mapScaling", "raw");
            fixture.manager.fit("bottle", List.of(TestImages.withValue("r1", 0.2), TestImages.withValue("r2", 0.4)));

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("q", 0.3));

            assertEquals(0.3f, result.componentMaps().get(MapRole.CLIP_LANGUAGE).values()[0], 1e-6f);
            assertEquals("raw", result.provenance().method().get("fusion.mapScaling"));
            assertEquals("raw", result.provenance().method().get("fusion.scale.clip_language"));
        }
    }

    @Test
    void zeroShotMapsStayRawForWantOfReferences() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 4));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("q", 0.3));

            assertEquals(0.3f, result.componentMaps().get(MapRole.CLIP_LANGUAGE).values()[0], 1e-6f);
            assertEquals("raw", result.provenance().method().get("fusion.scale.clip_language"));
        }
    }

    @Test
    void aCategoryFusesOnlyTheMapsItNamesAndLeavesTheOthersImageScoresOut() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 4));
            fixture.bind(new TestScorer("diff", MapRole.DIFFUSION_LANGUAGE, 4)
                    .imageScores((image, bank) -> 0.9));
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "maps", new String[] {"clip_language"});

            DetectionResult result = fixture.detect("bottle", TestImages.withValue("q", 0.3));

            assertEquals(Set.of(MapRole.CLIP_LANGUAGE), result.componentMaps().keySet());
            // Without diff's 0.9 the score is ½(max + max) of the clip map alone.
            assertEquals(0.3, result.imageScore(), 1e-6);
            assertEquals("[CLIP_LANGUAGE]", result.provenance().method().get("fusion.maps"));
        }
    }

    @Test
    void aScorerDeclaringOnlyMapsThatAreNotFusedIsNotRun() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 4).declaringRoles());
            TestScorer diff = fixture.bind(new TestScorer("diff", MapRole.DIFFUSION_LANGUAGE, 4).declaringRoles());
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle", "maps", new String[] {"clip_language"});

            fixture.detect("bottle", TestImages.withValue("q", 0.3));

            assertEquals(0, diff.scores.get());
        }
    }

    @Test
    void anUnknownScalingOrRoleIsRefusedNamingTheProperty() {
        InvalidCategoryException scaling = assertThrows(InvalidCategoryException.class, () -> CategoryConfigReader
                .read(org.clipfusion.testing.ConfigAnnotations.of(CategoryConfig.class, "name", "b", "mapScaling",
                        "minmax"), java.util.Map.of()));
        assertTrue(scaling.getMessage().contains("mapScaling") && scaling.getMessage().contains("reference-max"),
                scaling.getMessage());
        InvalidCategoryException role = assertThrows(InvalidCategoryException.class, () -> CategoryConfigReader
                .read(org.clipfusion.testing.ConfigAnnotations.of(CategoryConfig.class, "name", "b", "maps",
                        new String[] {"clip_langauge"}), java.util.Map.of()));
        assertTrue(role.getMessage().contains("maps") && role.getMessage().contains("clip_langauge"),
                role.getMessage());
    }
}
