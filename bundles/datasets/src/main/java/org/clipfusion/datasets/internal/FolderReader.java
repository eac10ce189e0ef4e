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
 * The plain folder layout for a plant's own images:
 * <pre>
 * &lt;category&gt;/normal/*.png              normal test images
 * &lt;category&gt;/anomalous/*.png           anomalous test images (defect type "anomalous")
 * &lt;category&gt;/anomalous/&lt;defect&gt;/*.png  anomalous test images of a named defect type
 * &lt;category&gt;/masks/[&lt;defect&gt;/]&lt;stem&gt;[_mask].&lt;ext&gt;  the mask of each anomalous image
 * &lt;category&gt;/reference/*.png           optional normal few-shot references (the train split)
 * </pre>
 * The root may also be one category folder itself.
 */
public final class FolderReader implements DatasetReader {
    static final String NORMAL = "normal";
    static final String ANOMALOUS = "anomalous";
    static final String MASKS = "masks";
    static final String REFERENCE = "reference";
    private static final String EXPECTED = "<category>/normal/ and <category>/anomalous/ folders";

    private final Path root;

    public FolderReader(Path root) {
        this.root = root;
    }

    /** Whether {@code root}, or one of its sub-folders, holds both {@code normal/} and {@code anomalous/}. */
    public static boolean looksLikeFolderLayout(Path root) {
        if (hasBothParts(root)) {
            return true;
        }
        try {
            for (Path folder : ImageFiles.subfolders(root)) {
                if (hasBothParts(folder)) {
                    return true;
                }
            }
        } catch (DatasetException e) {
            // An unlistable root is no folder dataset; Datasets.open reports the real problem.
        }
        return false;
    }

    @Override
    public List<String> categories() throws DatasetException {
        return CategoryNames.ofFolders(root, FolderReader::isCategoryFolder, EXPECTED);
    }

    @Override
    public DatasetCategory category(String name) throws DatasetException {
        CategoryNames.requireKnown(name, categories(), root);
        Path folder = isCategoryFolder(root) ? root : root.resolve(name);
        List<DatasetProblem> problems = new ArrayList<>();
        List<DatasetSample> test = new ArrayList<>(ImageFiles.normalSamples(folder, folder.resolve(NORMAL)));
        Path anomalous = folder.resolve(ANOMALOUS);
        test.addAll(anomalousSamples(folder, anomalous, ANOMALOUS, folder.resolve(MASKS), problems));
        for (Path defectFolder : ImageFiles.subfolders(anomalous)) {
            String defect = defectFolder.getFileName().toString();
            if (defect.equals(DatasetSample.GOOD)) {
                problems.add(new DatasetProblem(defectFolder, "a defect folder cannot be named '"
                        + DatasetSample.GOOD + "' (that names normal images); skipped"));
                continue;
            }
            test.addAll(anomalousSamples(folder, defectFolder, defect, folder.resolve(MASKS).resolve(defect),
                    problems));
        }
        if (test.isEmpty()) {
            throw CategoryNames.noTestImages(name, folder);
        }
        test.sort(Comparator.comparing(DatasetSample::id));
        List<DatasetSample> train = ImageFiles.normalSamples(folder, folder.resolve(REFERENCE));
        return new DatasetCategory(name, folder, train, test, problems);
    }

    private static List<DatasetSample> anomalousSamples(Path categoryFolder, Path imageFolder, String defect,
                                                        Path maskFolder, List<DatasetProblem> problems)
            throws DatasetException {
        List<DatasetSample> samples = new ArrayList<>();
        MaskIndex masks = MaskIndex.of(maskFolder);
        for (Path image : ImageFiles.imagesIn(imageFolder)) {
            Path mask = masks.maskFor(ImageFiles.stem(image));
            if (mask == null) {
                problems.add(new DatasetProblem(image, "anomalous image without a mask (expected "
                        + masks.expected(ImageFiles.stem(image)) + " or another image extension); skipped"));
                continue;
            }
            samples.add(new DatasetSample(ImageFiles.relativeId(categoryFolder, image), image, true, defect, mask));
        }
        return samples;
    }

    private static boolean hasBothParts(Path folder) {
        return Files.isDirectory(folder.resolve(NORMAL)) && Files.isDirectory(folder.resolve(ANOMALOUS));
    }

    /** Either part makes a category, so that a category lacking its images is reported rather than unknown. */
    private static boolean isCategoryFolder(Path folder) {
        return Files.isDirectory(folder.resolve(NORMAL)) || Files.isDirectory(folder.resolve(ANOMALOUS));
    }
}
