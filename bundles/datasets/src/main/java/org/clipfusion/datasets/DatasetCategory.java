package org.clipfusion.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One category (object or texture) of a dataset.
 *
 * @param name     the category name, e.g. {@code "bottle"}
 * @param folder   the category's folder
 * @param train    normal images that may serve as few-shot references, sorted by id; may be empty
 * @param test     normal and anomalous test images, sorted by id; never empty
 * @param problems what was skipped while reading, each naming its file; empty when everything was read
 */
public record DatasetCategory(String name, Path folder, List<DatasetSample> train, List<DatasetSample> test,
                              List<DatasetProblem> problems) {
    public DatasetCategory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        train = List.copyOf(train);
        test = List.copyOf(test);
        problems = List.copyOf(problems);
    }
}
