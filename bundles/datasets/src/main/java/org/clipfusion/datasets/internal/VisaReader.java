package org.clipfusion.datasets.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.clipfusion.datasets.DatasetCategory;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetProblem;
import org.clipfusion.datasets.DatasetReader;
import org.clipfusion.datasets.DatasetSample;

/**
 * VisA as distributed: the images and masks listed in {@code split_csv/1cls.csv}, paths relative to the root. Train =
 * normal rows of split {@code train}; test = all rows of split {@code test}. VisA names no defect types, so anomalies
 * get the type {@value #DEFECT_TYPE}. Rows that cannot be understood are reported with every category, since which
 * object they belong to may be what is unreadable.
 */
public final class VisaReader implements DatasetReader {
    /** The split file, relative to the dataset root. */
    public static final String SPLIT_FILE = "split_csv/1cls.csv";
    static final String DEFECT_TYPE = "anomaly";

    private final Path root;
    private final Path splitFile;

    private VisaReader(Path root) {
        this.root = root;
        this.splitFile = root.resolve(SPLIT_FILE);
    }

    public static VisaReader open(Path root) throws DatasetException {
        VisaReader reader = new VisaReader(root);
        if (!Files.isRegularFile(reader.splitFile)) {
            throw new DatasetException("VisA split file " + reader.splitFile + " does not exist");
        }
        return reader;
    }

    @Override
    public List<String> categories() throws DatasetException {
        Set<String> names = new TreeSet<>();
        for (VisaRow row : VisaSplitFile.read(splitFile).rows()) {
            names.add(row.object());
        }
        if (names.isEmpty()) {
            throw CategoryNames.noCategories(root, "rows in " + splitFile);
        }
        return List.copyOf(names);
    }

    @Override
    public DatasetCategory category(String name) throws DatasetException {
        VisaSplitFile split = VisaSplitFile.read(splitFile);
        List<String> known = split.rows().stream().map(VisaRow::object).distinct().sorted().toList();
        CategoryNames.requireKnown(name, known, root);
        Path folder = root.resolve(name);
        List<DatasetProblem> problems = new ArrayList<>(split.problems());
        List<DatasetSample> train = new ArrayList<>();
        List<DatasetSample> test = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (VisaRow row : split.rows()) {
            if (!row.object().equals(name)) {
                continue;
            }
            DatasetSample sample = sampleOf(row, problems);
            if (sample == null) {
                continue;
            }
            if (!ids.add(sample.id())) {
                problems.add(rowProblem(row, "image " + row.image() + " is listed twice; row skipped"));
            } else if (row.train() && row.anomalous()) {
                problems.add(rowProblem(row, "anomalous image in the train split is not used"));
            } else {
                (row.train() ? train : test).add(sample);
            }
        }
        if (test.isEmpty()) {
            throw new DatasetException("category '" + name + "' has no test images in " + folder + " (rows of "
                    + splitFile + " with split test)");
        }
        train.sort(Comparator.comparing(DatasetSample::id));
        test.sort(Comparator.comparing(DatasetSample::id));
        return new DatasetCategory(name, folder, train, test, problems);
    }

    /** The row's sample, or {@code null} with a problem recorded when its image or mask is missing. */
    private DatasetSample sampleOf(VisaRow row, List<DatasetProblem> problems) {
        Path image = root.resolve(row.image());
        if (!Files.isRegularFile(image)) {
            problems.add(new DatasetProblem(image, "image listed on line " + row.line() + " of " + splitFile
                    + " does not exist; skipped"));
            return null;
        }
        String id = idOf(row);
        if (!row.anomalous()) {
            return new DatasetSample(id, image, false, DatasetSample.GOOD, null);
        }
        Path mask = row.mask().isEmpty() ? null : root.resolve(row.mask());
        if (mask == null || !Files.isRegularFile(mask)) {
            String expected = mask == null ? "line " + row.line() + " of " + splitFile + " names no mask"
                    : "mask " + mask + " does not exist";
            problems.add(new DatasetProblem(image, "anomalous image without a mask (" + expected + "); skipped"));
            return null;
        }
        return new DatasetSample(id, image, true, DEFECT_TYPE, mask);
    }

    /** The image path relative to the object's folder, e.g. {@code Data/Images/Anomaly/000.JPG}. */
    private static String idOf(VisaRow row) {
        String prefix = row.object() + "/";
        return row.image().startsWith(prefix) ? row.image().substring(prefix.length()) : row.image();
    }

    private DatasetProblem rowProblem(VisaRow row, String message) {
        return new DatasetProblem(splitFile, "line " + row.line() + ": " + message);
    }
}
