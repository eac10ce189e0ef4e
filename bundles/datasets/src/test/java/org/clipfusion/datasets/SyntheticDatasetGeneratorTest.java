package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.clipfusion.tensor.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetGeneratorTest {
    private static final SyntheticSpec SMALL =
            new SyntheticSpec(SyntheticDatasetGenerator.knownCategories(), 48, 3, 2, 8, 5);

    @TempDir
    Path root;

    @Test
    void theSameSpecWritesByteIdenticalFilesAndAnotherSeedOtherOnes() throws Exception {
        Map<String, String> first = hashes(generate(root.resolve("a"), SMALL));
        Map<String, String> second = hashes(generate(root.resolve("b"), SMALL));
        SyntheticSpec reseeded = new SyntheticSpec(SMALL.categories(), 48, 3, 2, 8, 6);
        Map<String, String> third = hashes(generate(root.resolve("c"), reseeded));

        // 4 categories x (3 train + 2 good + 8 defective images + 8 masks)
        assertEquals(4 * 21, first.size());
        assertEquals(first, second);
        assertEquals(first.keySet(), third.keySet());
        assertNotEquals(first, third);
    }

    @Test
    void writesTheMvtecLayoutWithTheAskedCountsAndEveryDefectType() throws Exception {
        List<Path> folders = SyntheticDatasetGenerator.generate(root, SMALL);
        DatasetReader reader = Datasets.open(root, DatasetLayout.detect(root));

        assertEquals(DatasetLayout.MVTEC, DatasetLayout.detect(root));
        assertEquals(SMALL.categories().stream().map(root::resolve).toList(), folders);
        assertEquals(SMALL.categories().stream().sorted().toList(), reader.categories());
        for (String name : SMALL.categories()) {
            DatasetCategory category = reader.category(name);
            assertEquals(3, category.train().size(), name);
            assertEquals(10, category.test().size(), name);
            assertTrue(category.problems().isEmpty(), category.problems().toString());
            for (String defect : List.of("scratch", "spot", "missing", "colour")) {
                assertEquals(2, category.test().stream().filter(s -> s.defectType().equals(defect)).count(),
                        name + " " + defect);
            }
            assertEquals(2, category.test().stream().filter(s -> !s.anomalous()).count(), name);
        }
    }

    @Test
    void imagesAre8BitRgbPngsAndMasks8BitGreyPngs() throws Exception {
        SyntheticDatasetGenerator.generate(root, SMALL);
        Path category = root.resolve("synthetic_grid");

        byte[] image = Files.readAllBytes(category.resolve("test/spot/000.png"));
        byte[] mask = Files.readAllBytes(category.resolve("ground_truth/spot/000_mask.png"));

        // IHDR starts at byte 16: width, height (4 bytes each), bit depth, colour type (2 = RGB, 0 = grey).
        assertEquals(8, image[24]);
        assertEquals(2, image[25]);
        assertEquals(8, mask[24]);
        assertEquals(0, mask[25]);
        assertEquals(48, ImageIO.read(category.resolve("train/good/000.png").toFile()).getWidth());
    }

    @Test
    void eachMaskIs255ExactlyWhereTheDefectChangedTheImageAnd0Elsewhere() throws Exception {
        SyntheticDatasetGenerator.generate(root, SMALL);
        DatasetReader reader = Datasets.open(root, DatasetLayout.MVTEC);
        for (String name : SMALL.categories()) {
            for (DatasetSample sample : reader.category(name).test()) {
                if (!sample.anomalous()) {
                    continue;
                }
                BufferedImage image = ImageIO.read(sample.image().toFile());
                BufferedImage mask = ImageIO.read(sample.mask().toFile());
                RgbImage clean = SyntheticDatasetGenerator.renderWithoutDefect(SMALL, name, sample.id());
                int marked = 0;
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        int value = mask.getRaster().getSample(x, y, 0);
                        int rgb = image.getRGB(x, y) & 0xFFFFFF;
                        int cleanRgb = clean.sample(x, y, 0) << 16 | clean.sample(x, y, 1) << 8 | clean.sample(x, y, 2);
                        assertTrue(value == 0 || value == 255, sample.mask() + " has value " + value);
                        assertEquals(rgb != cleanRgb, value == 255,
                                sample.id() + " of " + name + " at (" + x + ", " + y + ")");
                        marked += value == 255 ? 1 : 0;
                    }
                }
                assertTrue(marked > 0, sample.id() + " of " + name + " has an empty mask");
            }
        }
    }

    @Test
    void normalImagesVaryButOnlySlightly() throws Exception {
        SyntheticDatasetGenerator.generate(root, SMALL);
        for (String name : SMALL.categories()) {
            BufferedImage a = ImageIO.read(root.resolve(name).resolve("train/good/000.png").toFile());
            BufferedImage b = ImageIO.read(root.resolve(name).resolve("train/good/001.png").toFile());
            double difference = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    for (int shift = 0; shift <= 16; shift += 8) {
                        difference += Math.abs((a.getRGB(x, y) >> shift & 0xFF) - (b.getRGB(x, y) >> shift & 0xFF));
                    }
                }
            }
            double mean = difference / (48 * 48 * 3);
            // Under 10% of the 0..255 range on average; the fine grid at 48 px reaches about 17 from sub-pixel shifts.
            assertTrue(mean > 0.5 && mean < 25, name + ": mean difference of two normal images " + mean);
        }
    }

    @Test
    void refusesToWriteIntoAnExistingCategoryAndLeavesNoPartialFolder() throws Exception {
        Files.createDirectories(root.resolve("synthetic_grid"));
        SyntheticSpec grid = new SyntheticSpec(List.of("synthetic_grid"), 32, 1, 1, 1, 0);

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> SyntheticDatasetGenerator.generate(root, grid));

        assertTrue(e.getMessage().contains(root.resolve("synthetic_grid").toString()), e.getMessage());
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(root.resolve("synthetic_grid")), entries.toList());
        }
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        SyntheticDatasetGenerator.generate(root, SMALL);

        try (Stream<Path> files = Files.walk(root)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }

    private static Path generate(Path root, SyntheticSpec spec) throws Exception {
        SyntheticDatasetGenerator.generate(root, spec);
        return root;
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                hashes.put(root.relativize(file).toString(), HexFormat.of().formatHex(digest));
            }
        }
        return hashes;
    }
}
