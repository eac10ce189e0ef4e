package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLayoutTest {
    @TempDir
    Path root;

    @Test
    void detectsVisaByItsSplitFile() {
        TestImages.text(root.resolve("split_csv/1cls.csv"), "object,split,label,image,mask\n");
        TestImages.rgb(root.resolve("candle/Data/Images/Normal/0000.JPG"), 4, 4, 0);

        assertEquals(DatasetLayout.VISA, DatasetLayout.detect(root));
    }

    @Test
    void detectsTheFolderLayoutAtTheRootOrOneLevelDown() throws Exception {
        Path single = root.resolve("single");
        Files.createDirectories(single.resolve("normal"));
        Files.createDirectories(single.resolve("anomalous"));
        Path several = root.resolve("several");
        Files.createDirectories(several.resolve("widget/normal"));
        Files.createDirectories(several.resolve("widget/anomalous"));

        assertEquals(DatasetLayout.FOLDER, DatasetLayout.detect(single));
        assertEquals(DatasetLayout.FOLDER, DatasetLayout.detect(several));
    }

    @Test
    void takesEverythingElseForMvtecIncludingVisaConvertedToIt() throws Exception {
        Files.createDirectories(root.resolve("candle/train/good"));
        Files.createDirectories(root.resolve("candle/test/bad"));
        Files.createDirectories(root.resolve("candle/ground_truth/bad"));

        assertEquals(DatasetLayout.MVTEC, DatasetLayout.detect(root));
    }

    @Test
    void parsesNamesInAnyCase() {
        assertEquals(DatasetLayout.MVTEC, DatasetLayout.parse("mvtec"));
        assertEquals(DatasetLayout.VISA, DatasetLayout.parse("ViSA"));
        assertEquals(DatasetLayout.FOLDER, DatasetLayout.parse(" FOLDER "));
    }

    @Test
    void anUnknownNameFailsListingTheLayouts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetLayout.parse("mvtec-ad"));

        assertTrue(e.getMessage().contains("mvtec-ad") && e.getMessage().contains("mvtec, visa, folder"),
                e.getMessage());
    }
}
