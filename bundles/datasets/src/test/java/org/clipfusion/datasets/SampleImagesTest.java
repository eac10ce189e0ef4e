package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.clipfusion.api.InspectionImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleImagesTest {
    @TempDir
    Path root;

    private DatasetSample anomalous(Path image, Path mask) {
        return new DatasetSample("test/dent/000.png", image, true, "dent", mask);
    }

    /** The expected mask of a rectangle [x0, x1) × [y0, y1) in a width-wide image, computed here by hand. */
    private static boolean[] rectangle(int width, int height, int x0, int y0, int x1, int y1) {
        boolean[] mask = new boolean[width * height];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                mask[y * width + x] = true;
            }
        }
        return mask;
    }

    @Test
    void loadsTheImageWithTheSampleIdAndItsSource() throws Exception {
        Path file = TestImages.rgb(root.resolve("test/good/000.png"), 5, 3, 77);

        InspectionImage image = SampleImages.loadImage(new DatasetSample("test/good/000.png", file, false, "good",
                null));

        assertEquals("test/good/000.png", image.id());
        assertEquals(5, image.width());
        assertEquals(3, image.height());
        assertEquals(4, image.sample(4, 2, 0));
        assertEquals(2, image.sample(4, 2, 1));
        assertEquals(77, image.sample(4, 2, 2));
        assertEquals(file.toString(), image.metadata().get("source"));
    }

    @Test
    void aNormalSampleHasAnAllFalseMaskOfTheAskedSize() throws Exception {
        Path file = TestImages.rgb(root.resolve("000.png"), 5, 3, 0);

        boolean[] mask = SampleImages.loadMask(new DatasetSample("000.png", file, false, "good", null), 5, 3);

        assertArrayEquals(new boolean[15], mask);
    }

    @Test
    void anyNonZeroMaskPixelIsAnomalousWhetherTheMaskIsZeroOneOrZero255() throws Exception {
        Path image = TestImages.rgb(root.resolve("000.png"), 6, 4, 0);
        Path ones = TestImages.mask(root.resolve("ones.png"), 6, 4, 1, 1, 4, 3, 1);
        Path full = TestImages.mask(root.resolve("full.png"), 6, 4, 2, 0, 6, 2, 255);

        assertArrayEquals(rectangle(6, 4, 1, 1, 4, 3), SampleImages.loadMask(anomalous(image, ones), 6, 4));
        assertArrayEquals(rectangle(6, 4, 2, 0, 6, 2), SampleImages.loadMask(anomalous(image, full), 6, 4));
    }

    @Test
    void aColourMaskCountsAPixelWithAnyNonZeroChannel() throws Exception {
        Path image = TestImages.rgb(root.resolve("000.png"), 3, 1, 0);
        BufferedImage colour = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(1, 0, 0x000001);
        Path mask = root.resolve("colour_mask.png");
        ImageIO.write(colour, "png", mask.toFile());

        assertArrayEquals(new boolean[] {false, true, false}, SampleImages.loadMask(anomalous(image, mask), 3, 1));
    }

    @Test
    void aMaskOfAnotherSizeFailsNamingTheFileAndBothSizes() {
        Path image = TestImages.rgb(root.resolve("000.png"), 6, 4, 0);
        Path mask = TestImages.mask(root.resolve("000_mask.png"), 7, 4, 0, 0, 1, 1, 255);

        DatasetException e = assertThrows(DatasetException.class,
                () -> SampleImages.loadMask(anomalous(image, mask), 6, 4));

        assertTrue(e.getMessage().contains(mask.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("7x4") && e.getMessage().contains("6x4"), e.getMessage());
    }

    @Test
    void aTruncatedMaskOrImageFailsNamingTheFile() throws Exception {
        Path image = TestImages.rgb(root.resolve("000.png"), 40, 40, 0);
        Path mask = TestImages.mask(root.resolve("000_mask.png"), 40, 40, 0, 0, 20, 20, 255);
        Path cutImage = truncatedCopy(image, root.resolve("cut.png"));
        Path cutMask = truncatedCopy(mask, root.resolve("cut_mask.png"));

        DatasetException maskError = assertThrows(DatasetException.class,
                () -> SampleImages.loadMask(anomalous(image, cutMask), 40, 40));
        DatasetException imageError = assertThrows(DatasetException.class,
                () -> SampleImages.loadImage(anomalous(cutImage, mask)));

        assertTrue(maskError.getMessage().contains(cutMask.toString()), maskError.getMessage());
        assertTrue(imageError.getMessage().contains(cutImage.toString()), imageError.getMessage());
    }

    @Test
    void aMissingMaskFileFailsNamingIt() {
        Path image = TestImages.rgb(root.resolve("000.png"), 6, 4, 0);
        Path mask = root.resolve("gone_mask.png");

        DatasetException e = assertThrows(DatasetException.class,
                () -> SampleImages.loadMask(anomalous(image, mask), 6, 4));

        assertTrue(e.getMessage().contains(mask.toString()), e.getMessage());
    }

    private static Path truncatedCopy(Path file, Path copy) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(copy, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void a16BitZeroOneMaskIsRejectedRatherThanReadAsEmpty() throws Exception {
        Path image = TestImages.rgb(root.resolve("000.png"), 4, 4, 0);
        Path low = root.resolve("low_mask.png");
        Path high = root.resolve("high_mask.png");
        write16BitMask(low, 1);
        write16BitMask(high, 65535);

        DatasetException e = assertThrows(DatasetException.class,
                () -> SampleImages.loadMask(anomalous(image, low), 4, 4));

        assertTrue(e.getMessage().contains(low.toString()) && e.getMessage().contains("16-bit"), e.getMessage());
        assertArrayEquals(rectangle(4, 4, 1, 1, 2, 2), SampleImages.loadMask(anomalous(image, high), 4, 4));
    }

    private static void write16BitMask(Path file, int value) throws Exception {
        BufferedImage mask = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        mask.getRaster().setSample(1, 1, 0, value);
        ImageIO.write(mask, "png", file.toFile());
    }
}
