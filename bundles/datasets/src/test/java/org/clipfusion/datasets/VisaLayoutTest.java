package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisaLayoutTest {
    private static final String HEADER = "object,split,label,image,mask\n";

    @TempDir
    Path root;

    @BeforeEach
    void images() {
        for (String object : List.of("candle", "pcb1")) {
            TestImages.rgb(root.resolve(object + "/Data/Images/Normal/0000.JPG"), 8, 6, 1);
            TestImages.rgb(root.resolve(object + "/Data/Images/Normal/0001.JPG"), 8, 6, 2);
            TestImages.rgb(root.resolve(object + "/Data/Images/Normal/0002.JPG"), 8, 6, 3);
            TestImages.rgb(root.resolve(object + "/Data/Images/Anomaly/000.JPG"), 8, 6, 4);
            TestImages.mask(root.resolve(object + "/Data/Masks/Anomaly/000.png"), 8, 6, 1, 1, 2, 2, 1);
        }
    }

    private static String rows(String object) {
        return object + ",train,normal," + object + "/Data/Images/Normal/0001.JPG,\n"
                + object + ",train,normal," + object + "/Data/Images/Normal/0000.JPG,\n"
                + object + ",test,normal," + object + "/Data/Images/Normal/0002.JPG,\n"
                + object + ",test,anomaly," + object + "/Data/Images/Anomaly/000.JPG," + object
                + "/Data/Masks/Anomaly/000.png\n";
    }

    private void splitCsv(String content) {
        TestImages.text(root.resolve("split_csv/1cls.csv"), content);
    }

    @Test
    void readsCategoriesSplitsAndMasksFromTheCsv() throws Exception {
        splitCsv(HEADER + rows("pcb1") + rows("candle"));

        DatasetReader reader = Datasets.open(root, DatasetLayout.VISA);
        DatasetCategory candle = reader.category("candle");

        assertEquals(List.of("candle", "pcb1"), reader.categories());
        assertEquals(root.resolve("candle"), candle.folder());
        assertEquals(List.of("Data/Images/Normal/0000.JPG", "Data/Images/Normal/0001.JPG"),
                candle.train().stream().map(DatasetSample::id).toList());
        assertEquals(List.of("Data/Images/Anomaly/000.JPG", "Data/Images/Normal/0002.JPG"),
                candle.test().stream().map(DatasetSample::id).toList());
        DatasetSample anomaly = candle.test().get(0);
        assertTrue(anomaly.anomalous());
        assertEquals(root.resolve("candle/Data/Masks/Anomaly/000.png"), anomaly.mask());
        assertFalse(candle.test().get(1).anomalous());
        assertNull(candle.test().get(1).mask());
        assertTrue(candle.problems().isEmpty(), candle.problems().toString());
    }

    @Test
    void reportsBadRowsWithTheirLineNumbersAndReadsTheRest() throws Exception {
        splitCsv(HEADER + rows("candle")
                + "candle,test,broken,candle/Data/Images/Normal/0000.JPG,\n"      // line 6: unknown label
                + "candle,test\n"                                                 // line 7: too few fields
                + "candle,validation,normal,candle/Data/Images/Normal/0000.JPG,\n" // line 8: unknown split
                + "\"candle,test,normal,x.JPG,\n");                               // line 9: open quote

        DatasetCategory candle = Datasets.open(root, DatasetLayout.VISA).category("candle");

        assertEquals(2, candle.test().size());
        List<String> messages = candle.problems().stream().map(DatasetProblem::message).toList();
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("line 6:") && messages.get(0).contains("broken"), messages.get(0));
        assertTrue(messages.get(1).startsWith("line 7:"), messages.get(1));
        assertTrue(messages.get(2).startsWith("line 8:") && messages.get(2).contains("validation"), messages.get(2));
        assertTrue(messages.get(3).startsWith("line 9:"), messages.get(3));
        assertTrue(candle.problems().stream().allMatch(p -> p.file().equals(root.resolve("split_csv/1cls.csv"))));
    }

    @Test
    void anAnomalyWhoseMaskIsMissingIsSkipped() throws Exception {
        TestImages.rgb(root.resolve("candle/Data/Images/Anomaly/001.JPG"), 8, 6, 9);
        splitCsv(HEADER + rows("candle")
                + "candle,test,anomaly,candle/Data/Images/Anomaly/001.JPG,candle/Data/Masks/Anomaly/001.png\n"
                + "candle,test,anomaly,candle/Data/Images/Anomaly/001.JPG,\n");

        DatasetCategory candle = Datasets.open(root, DatasetLayout.VISA).category("candle");

        assertEquals(2, candle.test().size());
        assertEquals(2, candle.problems().size(), candle.problems().toString());
        for (DatasetProblem problem : candle.problems()) {
            assertEquals(root.resolve("candle/Data/Images/Anomaly/001.JPG"), problem.file());
            assertTrue(problem.message().contains("without a mask"), problem.message());
        }
    }

    @Test
    void aListedImageThatDoesNotExistIsSkipped() throws Exception {
        splitCsv(HEADER + rows("candle") + "candle,test,normal,candle/Data/Images/Normal/9999.JPG,\n");

        DatasetCategory candle = Datasets.open(root, DatasetLayout.VISA).category("candle");

        assertEquals(2, candle.test().size());
        assertEquals(root.resolve("candle/Data/Images/Normal/9999.JPG"), candle.problems().get(0).file());
        assertTrue(candle.problems().get(0).message().contains("line 6"), candle.problems().get(0).message());
    }

    @Test
    void aHeaderWithoutTheNeededColumnsFailsNamingTheFileAndColumn() throws Exception {
        splitCsv("object,split,label,path\n" + "candle,test,normal,x.JPG\n");

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.VISA).categories());

        assertTrue(e.getMessage().contains(root.resolve("split_csv/1cls.csv").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("image, mask"), e.getMessage());
    }

    @Test
    void columnsMayComeInAnyOrderAfterAByteOrderMark() throws Exception {
        splitCsv("\uFEFFlabel,object,image,mask,split\n"
                + "normal,candle,candle/Data/Images/Normal/0002.JPG,,test\n");

        DatasetCategory candle = Datasets.open(root, DatasetLayout.VISA).category("candle");

        assertEquals(List.of("Data/Images/Normal/0002.JPG"), candle.test().stream().map(DatasetSample::id).toList());
    }

    @Test
    void anUnknownCategoryFailsListingTheKnownOnes() {
        splitCsv(HEADER + rows("pcb1") + rows("candle"));

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.VISA).category("capsules"));

        assertTrue(e.getMessage().contains("capsules") && e.getMessage().contains("candle, pcb1"), e.getMessage());
    }

    @Test
    void aCategoryWithOnlyTrainRowsFailsNamingItsFolder() {
        splitCsv(HEADER + "candle,train,normal,candle/Data/Images/Normal/0000.JPG,\n");

        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.open(root, DatasetLayout.VISA).category("candle"));

        assertTrue(e.getMessage().contains(root.resolve("candle").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no test images"), e.getMessage());
    }

    @Test
    void openingWithoutTheSplitFileFailsNamingIt() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.open(root, DatasetLayout.VISA));

        assertTrue(e.getMessage().contains(root.resolve("split_csv/1cls.csv").toString()), e.getMessage());
    }

    @Test
    void reportsAnomaliesInTheTrainSplitAndRepeatedRows() throws Exception {
        splitCsv(HEADER + rows("candle")
                + "candle,train,anomaly,candle/Data/Images/Anomaly/000.JPG,candle/Data/Masks/Anomaly/000.png\n"
                + "candle,test,normal,candle/Data/Images/Normal/0002.JPG,\n");

        DatasetCategory candle = Datasets.open(root, DatasetLayout.VISA).category("candle");

        assertEquals(2, candle.train().size());
        assertEquals(2, candle.test().size());
        List<String> messages = candle.problems().stream().map(DatasetProblem::message).toList();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("line 6:") && messages.get(0).contains("listed twice"), messages.get(0));
        assertTrue(messages.get(1).startsWith("line 7:") && messages.get(1).contains("listed twice"), messages.get(1));
    }
}
