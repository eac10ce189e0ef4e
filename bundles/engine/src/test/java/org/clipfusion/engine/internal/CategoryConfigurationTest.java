package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clipfusion.api.MapRole;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Categories as factory configurations: reading, checking, offering, changing and withdrawing them. */
class CategoryConfigurationTest {
    @TempDir
    Path dataDirectory;

    private static CategoryDefinition read(Object... keysAndValues) throws InvalidCategoryException {
        return CategoryConfigReader.read(ConfigAnnotations.of(CategoryConfig.class, keysAndValues), Map.of());
    }

    @Test
    void defaults() throws Exception {
        CategoryDefinition category = read("name", "metal_nut");
        assertEquals("metal nut", category.objectName());
        assertEquals(List.of(), category.scorers());
        assertEquals("", category.fusionStrategy());
        assertEquals(0.5, category.alphaSegmentation());
        assertEquals(0.5, category.alphaClassification());
        assertEquals(ThresholdMode.NONE, category.thresholdMode());
        assertEquals(0.01, category.targetFalsePositiveRate());
        assertEquals(0L, category.seed());
    }

    @Test
    void theNameMayComeFromTheConfigurationItself() throws Exception {
        CategoryConfig unnamed = ConfigAnnotations.of(CategoryConfig.class);
        assertEquals("hazelnut", CategoryConfigReader.read(unnamed,
                Map.of("service.pid", "org.clipfusion.category~hazelnut")).name());
        assertEquals("pcb1", CategoryConfigReader.read(unnamed, Map.of("service.pid",
                "org.clipfusion.category.1a2b", "felix.fileinstall.filename",
                "file:/opt/karaf/etc/org.clipfusion.category-pcb1.cfg")).name());
    }

    @Test
    void scorerListsFromCfgFilesAreSplitAtCommas() throws Exception {
        assertEquals(List.of("patchclip", "mapdiff"), read("name", "a", "scorers", "patchclip, mapdiff,,patchclip")
                .scorers());
        assertEquals(List.of("x", "y"), read("name", "a", "scorers", new String[] {"x", " y "}).scorers());
        assertEquals(List.of("x", "y"), read("name", "a", "scorers", "[ \"x\", \"y\" ]").scorers());
    }

    @Test
    void badValuesNameTheCategoryAndTheProperty() {
        assertMessage("category 'a': property 'alphaSegmentation' must lie in [0, 1], got 1.5",
                "name", "a", "alphaSegmentation", 1.5);
        assertMessage("category 'a': property 'alphaClassification'", "name", "a", "alphaClassification", -0.1);
        assertMessage("category 'a': property 'thresholdMode' is 'fpr'; expected one of none, value,"
                + " references-fpr, normal-folder-fpr", "name", "a", "thresholdMode", "fpr");
        assertMessage("category 'a': property 'threshold' must be a finite number", "name", "a", "thresholdMode",
                "value");
        assertMessage("category 'a': property 'targetFalsePositiveRate'", "name", "a",
                "targetFalsePositiveRate", 0.0);
        assertMessage("category 'a': property 'normalImagesFolder' is required", "name", "a", "thresholdMode",
                "normal-folder-fpr");
        assertMessage("category 'a': property 'scorers' expected , or ] after item 1", "name", "a", "scorers",
                "[ \"x\" \"y\" ]");
        assertMessage("category '../etc': property 'name'", "name", "../etc");
        assertMessage("category '..': property 'name' may hold only ASCII letters", "name", "..");
        assertMessage("category 'größe': property 'name' may hold only ASCII letters", "name", "größe");
        assertMessage("property 'name' is empty");
    }

    private static void assertMessage(String expectedStart, Object... keysAndValues) {
        InvalidCategoryException error = assertThrows(InvalidCategoryException.class, () -> read(keysAndValues));
        assertTrue(error.getMessage().contains(expectedStart), error.getMessage());
        assertTrue(error.getMessage().endsWith("the category is not offered until its configuration is fixed"));
    }

    @Test
    void componentsOfferChangeAndWithdrawCategories() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            fixture.bind(TestStrategy.max("max"), 0);
            CategoryComponent bottle = fixture.category("name", "bottle", "seed", 42L);
            CategoryComponent broken = fixture.category("name", "cable", "alphaSegmentation", 3.0);

            assertEquals(Set.of("bottle"), fixture.engine.categories());
            assertEquals(Map.of("cable", "category 'cable': property 'alphaSegmentation' must lie in [0, 1], got 3.0;"
                    + " the category is not offered until its configuration is fixed"),
                    fixture.manager.invalidCategories(), "listed with its error, not only logged");
            assertEquals(42L, fixture.detect("bottle", TestImages.withValue("a", 0)).provenance().seed());

            bottle.modified(ConfigAnnotations.of(CategoryConfig.class, "name", "bottle", "seed", 7L, "objectName", "glass"),
                    Map.of());
            CategoryInfo info = fixture.manager.category("bottle").orElseThrow();
            assertEquals("glass", info.objectName());
            assertEquals(7L, fixture.detect("bottle", TestImages.withValue("b", 0)).provenance().seed());

            broken.modified(ConfigAnnotations.of(CategoryConfig.class, "name", "cable"), Map.of());
            assertEquals(Set.of("bottle", "cable"), fixture.engine.categories(), "a fixed configuration is offered");
            assertEquals(Map.of(), fixture.manager.invalidCategories());

            bottle.modified(ConfigAnnotations.of(CategoryConfig.class, "name", "bottle", "thresholdMode", "bogus"), Map.of());
            assertEquals(Set.of("cable"), fixture.engine.categories(), "a broken change withdraws the category");
            assertEquals(Set.of("bottle"), fixture.manager.invalidCategories().keySet());
            bottle.deactivate();
            assertEquals(Map.of(), fixture.manager.invalidCategories(), "a removed configuration is not listed");

            broken.deactivate();
            assertEquals(Set.of(), fixture.engine.categories());
        }
    }

    @Test
    void aSecondConfigurationOfOneNameWaitsForTheFirstToGo() throws Exception {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            CategoryComponent first = fixture.category("name", "bottle", "seed", 1L);
            fixture.category("name", "bottle", "seed", 2L);
            assertEquals(1, fixture.manager.categories().size());
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            fixture.bind(TestStrategy.max("max"), 0);
            assertEquals(1L, fixture.detect("bottle", TestImages.withValue("a", 0)).provenance().seed());

            first.deactivate();

            assertEquals(2L, fixture.detect("bottle", TestImages.withValue("b", 0)).provenance().seed());
        }
    }

    @Test
    void categoryInfoReportsTheConfiguration() {
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.category("name", "bottle", "scorers", "clip", "fusionStrategy", "max", "alphaSegmentation", 0.3,
                    "alphaClassification", 0.7);
            CategoryInfo info = fixture.manager.categories().get(0);
            // Nothing is registered: no strategy is in force, and the thresholds say why there are none.
            assertEquals(new CategoryInfo("bottle", "bottle", List.of("clip"), "max", 0.3, 0.7, info.threshold(),
                    List.of(), "", info.pixelThreshold(), info.version()), info);
            assertTrue(info.version().matches("[0-9a-f]{16}"), info.version());
            assertTrue(info.pixelThreshold().detail().contains("no mask"), info.pixelThreshold().detail());
            assertFalse(info.fewShot());
            assertTrue(fixture.manager.category("nope").isEmpty());
        }
    }
}
