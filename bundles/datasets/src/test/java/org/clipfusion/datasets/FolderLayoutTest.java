package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLayoutTest {
    @TempDir
    Path root;

    private Path widget() {
        Path widget = root.resolve("widget");
        TestImages.rgb(widget.resolve("normal/a.png"), 8, 6, 1);
        TestImages.rgb(widget.resolve("normal/b.bmp"), 8, 6, 2);
        TestImages.rgb(widget.resolve("anomalous/c.png"), 8, 6, 3);
        TestImages.rgb(widget.resolve("anomalous/dent/d.png"), 8, 6, 4);
        TestImages.mask(widget.resolve("masks/c.bmp"), 8, 6, 0, 0, 2, 2, 255);
        TestImages.mask(widget.resolve("masks/dent/d_mask.png"), 8, 6, 0, 0, 2, 2, 255);
        return widget;
    }

    @Test
    void readsNormalAndAnomalousImagesWithMasksOfAnyExtensionAndSuffix() throws Exception {
        Path widget = widget();
        TestImages.rgb(widget.resolve("reference/r1.png"), 8, 6, 5);

        DatasetCategory category = Datasets.open(root, DatasetLayout.FOLDER).category("widget");

        assertEquals(List.of("anomalous/c.png", "anomalous/dent/d.png", "normal/a.png", "normal/b.bmp"),
                category.test().stream().map(DatasetSample::id).toList());
        assertEquals(List.of("anomalous", "dent", "good", "good"),
                category.test().stream().map(DatasetSample::defectType).toList());
        assertEquals(widget.resolve("masks/c.bmp"), category.test().get(0).mask());
        assertEquals(widget.resolve("masks/dent/d_mask.png"), category.test().get(1).mask());
        assertEquals(List.of("reference/r1.png"), category.train().stream().map(DatasetSample::id).toList());
        assertTrue(category.problems().isEmpty(), category.problems().toString());
    }

    @Test
    void withoutAReferenceFolderTrainIsEmptyAndFewShotIsRefusedClearly() throws Exception {
        widget();

        DatasetCategory category = Datasets.open(root, DatasetLayout.FOLDER).category("widget");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FewShotSampler.sample(category.train(), 1, 0));

        assertTrue(category.train().isEmpty());
        assertTrue(e.getMessage().contains("no normal train images") && e.getMessage().contains("reference/"),
                e.getMessage());
    }

    @Test
    void anAnomalousImageWithoutMaskIsReportedAndSkipped() throws Exception {
        Path widget = widget();
        Path orphan = TestImages.rgb(widget.resolve("anomalous/dent/e.png"), 8, 6, 6);

        DatasetCategory category = Datasets.open(root, DatasetLayout.FOLDER).category("widget");

        assertEquals(4, category.test().size());
        assertEquals(orphan, category.problems().get(0).file());
        assertTrue(category.problems().get(0).message().contains("without a mask"));
    }

    @Test
    void theRootCanBeOneCategoryFolder() throws Exception {
        Path widget = widget();

        DatasetReader reader = Datasets.open(widget, DatasetLayout.FOLDER);

        assertEquals(List.of("widget"), reader.categories());
        assertEquals(4, reader.category("widget").test().size());
    }

    @Test
    void aCategoryWithoutImagesFailsNamingItsFolder() throws Exception {
        widget();
        Files.createDirectories(root.resolve("gadget/normal"));

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.FOLDER).category("gadget"));

        assertTrue(e.getMessage().contains(root.resolve("gadget").toString()), e.getMessage());
    }

    @Test
    void anUnknownCategoryFailsListingTheKnownOnes() {
        widget();

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.FOLDER).category("gizmo"));

        assertTrue(e.getMessage().contains("gizmo") && e.getMessage().contains("known categories: widget"),
                e.getMessage());
    }

    @Test
    void aDefectFolderNamedGoodIsReportedNotTakenAsAnomalous() throws Exception {
        Path widget = widget();
        TestImages.rgb(widget.resolve("anomalous/good/x.png"), 8, 6, 1);
        TestImages.mask(widget.resolve("masks/good/x.png"), 8, 6, 0, 0, 1, 1, 255);

        DatasetCategory category = Datasets.open(root, DatasetLayout.FOLDER).category("widget");

        assertEquals(4, category.test().size());
        assertEquals(widget.resolve("anomalous/good"), category.problems().get(0).file());
    }
}
