package org.clipfusion.datasets.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.clipfusion.datasets.DatasetCategory;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetProblem;
import org.clipfusion.datasets.DatasetReader;
import org.clipfusion.datasets.DatasetSample;

/**
 * The MVTec AD layout: {@code <category>/train/good}, {@code <category>/test/<defect>} and
 * {@code <category>/ground_truth/<defect>/<stem>_mask.png}. The root may also be one category folder itself.
 */
public final class MvtecReader implements DatasetReader {
    private static final String EXPECTED = "<category>/test/<defect>/ folders of the MVTec AD layout";

    private final Path root;

    public MvtecReader(Path root) {
        this.root = root;
    }

    @Override
    public List<String> categories() throws DatasetException {
        return CategoryNames.ofFolders(root, MvtecReader::isCategoryFolder, EXPECTED);
    }

    @Override
    public DatasetCategory category(String name) throws DatasetException {
        CategoryNames.requireKnown(name, categories(), root);
        Path folder = isCategoryFolder(root) ? root : root.resolve(name);
        List<DatasetProblem> problems = new ArrayList<>();
        List<DatasetSample> train =
                ImageFiles.normalSamples(folder, folder.resolve("train").resolve(DatasetSample.GOOD));
        List<DatasetSample> test = testSamples(folder, problems);
        if (test.isEmpty()) {
            throw CategoryNames.noTestImages(name, folder.resolve("test"));
        }
        return new DatasetCategory(name, folder, train, test, problems);
    }

    private List<DatasetSample> testSamples(Path folder, List<DatasetProblem> problems) throws DatasetException {
        Path testFolder = folder.resolve("test");
        List<DatasetSample> samples = new ArrayList<>();
        for (Path stray : ImageFiles.imagesIn(testFolder)) {
            problems.add(new DatasetProblem(stray, "image directly in " + testFolder
                    + " is skipped: test images belong in test/good/ or test/<defect>/"));
        }
        for (Path defectFolder : ImageFiles.subfolders(testFolder)) {
            String defect = defectFolder.getFileName().toString();
            if (defect.equals(DatasetSample.GOOD)) {
                samples.addAll(ImageFiles.normalSamples(folder, defectFolder));
                continue;
            }
            MaskIndex masks = MaskIndex.of(folder.resolve("ground_truth").resolve(defect));
            for (Path image : ImageFiles.imagesIn(defectFolder)) {
                Path mask = masks.maskFor(ImageFiles.stem(image));
                if (mask == null) {
                    problems.add(new DatasetProblem(image, "anomalous image without a mask (expected "
                            + masks.expected(ImageFiles.stem(image)) + "); skipped"));
                    continue;
                }
                samples.add(new DatasetSample(ImageFiles.relativeId(folder, image), image, true, defect, mask));
            }
        }
        samples.sort(Comparator.comparing(DatasetSample::id));
        return samples;
    }

    /** A folder with only {@code train/} counts too, so that opening it says that its test images are missing. */
    private static boolean isCategoryFolder(Path folder) {
        return Files.isDirectory(folder.resolve("test")) || Files.isDirectory(folder.resolve("train"));
    }
}
