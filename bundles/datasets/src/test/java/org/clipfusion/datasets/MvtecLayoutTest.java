package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvtecLayoutTest {
    @TempDir
    Path root;

    /** bottle: 2 train, 1 good + 2 crack + 1 scratch test images, masks MVTec-style. */
    private Path bottle() {
        Path bottle = root.resolve("bottle");
        TestImages.rgb(bottle.resolve("train/good/000.png"), 8, 6, 1);
        TestImages.rgb(bottle.resolve("train/good/001.png"), 8, 6, 2);
        TestImages.rgb(bottle.resolve("test/good/000.png"), 8, 6, 3);
        TestImages.rgb(bottle.resolve("test/crack/001.png"), 8, 6, 4);
        TestImages.rgb(bottle.resolve("test/crack/000.png"), 8, 6, 5);
        TestImages.rgb(bottle.resolve("test/scratch/000.png"), 8, 6, 6);
        TestImages.mask(bottle.resolve("ground_truth/crack/000_mask.png"), 8, 6, 1, 1, 3, 3, 255);
        TestImages.mask(bottle.resolve("ground_truth/crack/001_mask.png"), 8, 6, 1, 1, 3, 3, 255);
        TestImages.mask(bottle.resolve("ground_truth/scratch/000_mask.png"), 8, 6, 1, 1, 3, 3, 255);
        return bottle;
    }

    @Test
    void readsTrainAndTestSplitsWithMasksAndIdsSortedById() throws Exception {
        Path bottle = bottle();
        TestImages.rgb(root.resolve("cable/test/good/000.png"), 8, 6, 1);

        DatasetReader reader = Datasets.open(root, DatasetLayout.MVTEC);
        DatasetCategory category = reader.category("bottle");

        assertEquals(List.of("bottle", "cable"), reader.categories());
        assertEquals("bottle", category.name());
        assertEquals(bottle, category.folder());
        assertEquals(List.of("train/good/000.png", "train/good/001.png"),
                category.train().stream().map(DatasetSample::id).toList());
        assertEquals(List.of("test/crack/000.png", "test/crack/001.png", "test/good/000.png", "test/scratch/000.png"),
                category.test().stream().map(DatasetSample::id).toList());
        DatasetSample crack = category.test().get(0);
        assertTrue(crack.anomalous());
        assertEquals("crack", crack.defectType());
        assertEquals(bottle.resolve("test/crack/000.png"), crack.image());
        assertEquals(bottle.resolve("ground_truth/crack/000_mask.png"), crack.mask());
        DatasetSample good = category.test().get(2);
        assertFalse(good.anomalous());
        assertEquals("good", good.defectType());
        assertNull(good.mask());
        assertTrue(category.problems().isEmpty(), category.problems().toString());
    }

    @Test
    void acceptsMasksNamedLikeTheirImageAsVisaConvertedToThisLayoutHasThem() throws Exception {
        TestImages.rgb(root.resolve("candle/test/bad/000.png"), 8, 6, 1);
        TestImages.mask(root.resolve("candle/ground_truth/bad/000.png"), 8, 6, 0, 0, 2, 2, 255);

        DatasetSample bad = Datasets.open(root, DatasetLayout.MVTEC).category("candle").test().get(0);

        assertEquals(root.resolve("candle/ground_truth/bad/000.png"), bad.mask());
    }

    @Test
    void skipsAnAnomalousImageWithoutMaskAndReadsTheRest() throws Exception {
        Path bottle = bottle();
        Path orphan = TestImages.rgb(bottle.resolve("test/crack/002.png"), 8, 6, 7);

        DatasetCategory category = Datasets.open(root, DatasetLayout.MVTEC).category("bottle");

        assertEquals(4, category.test().size());
        assertEquals(1, category.problems().size());
        DatasetProblem problem = category.problems().get(0);
        assertEquals(orphan, problem.file());
        assertTrue(problem.message().contains("without a mask"), problem.message());
        assertTrue(problem.message().contains("002_mask.png"), problem.message());
    }

    @Test
    void ignoresNonImagesAndHiddenFiles() throws Exception {
        Path bottle = bottle();
        TestImages.text(bottle.resolve("test/good/readme.txt"), "not an image");
        TestImages.text(bottle.resolve("test/good/._000.png"), "macOS resource fork");
        TestImages.text(bottle.resolve("train/good/.DS_Store"), "finder");
        TestImages.rgb(bottle.resolve("test/.hidden/000.png"), 8, 6, 1);
        TestImages.rgb(bottle.resolve("test/good/UPPER.PNG"), 8, 6, 1);

        DatasetCategory category = Datasets.open(root, DatasetLayout.MVTEC).category("bottle");

        assertEquals(List.of("test/crack/000.png", "test/crack/001.png", "test/good/000.png", "test/good/UPPER.PNG",
                "test/scratch/000.png"), category.test().stream().map(DatasetSample::id).toList());
        assertTrue(category.problems().isEmpty(), category.problems().toString());
    }

    @Test
    void aCategoryWithoutTestImagesFailsNamingItsFolder() throws Exception {
        bottle();
        TestImages.rgb(root.resolve("empty/train/good/000.png"), 8, 6, 1);
        Files.createDirectories(root.resolve("empty/test/good"));

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.MVTEC).category("empty"));

        assertTrue(e.getMessage().contains(root.resolve("empty/test").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no test images"), e.getMessage());
    }

    @Test
    void anUnknownCategoryFailsListingTheKnownOnes() throws Exception {
        bottle();
        TestImages.rgb(root.resolve("cable/test/good/000.png"), 8, 6, 1);

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.MVTEC).category("bottel"));

        assertTrue(e.getMessage().contains("bottel"), e.getMessage());
        assertTrue(e.getMessage().contains("bottle, cable"), e.getMessage());
    }

    @Test
    void aRootWithoutCategoriesFailsNamingIt() throws Exception {
        TestImages.text(root.resolve("license.txt"), "CC BY-NC-SA");

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.MVTEC).categories());

        assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
    }

    @Test
    void aCategoryFolderCanBeTheRootItself() throws Exception {
        Path bottle = bottle();

        DatasetReader reader = Datasets.open(bottle, DatasetLayout.MVTEC);

        assertEquals(List.of("bottle"), reader.categories());
        assertEquals(4, reader.category("bottle").test().size());
    }

    @Test
    void aMissingRootOrAFileAsRootFailsNamingIt() {
        Path missing = root.resolve("nowhere");
        Path file = TestImages.text(root.resolve("file.txt"), "x");

        DatasetException absent = assertThrows(DatasetException.class,
                () -> Datasets.open(missing, DatasetLayout.MVTEC));
        DatasetException notFolder = assertThrows(DatasetException.class,
                () -> Datasets.open(file, DatasetLayout.FOLDER));

        assertTrue(absent.getMessage().contains(missing.toString()) && absent.getMessage().contains("does not exist"),
                absent.getMessage());
        assertTrue(notFolder.getMessage().contains(file.toString()) && notFolder.getMessage().contains("not a folder"),
                notFolder.getMessage());
    }

    @Test
    void reportsAnImageOutsideAnyDefectFolder() throws Exception {
        Path bottle = bottle();
        Path stray = TestImages.rgb(bottle.resolve("test/009.png"), 8, 6, 1);

        DatasetCategory category = Datasets.open(root, DatasetLayout.MVTEC).category("bottle");

        assertEquals(4, category.test().size());
        assertEquals(stray, category.problems().get(0).file());
    }
}
