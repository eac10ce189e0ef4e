package org.clipfusion.datasets.internal;

import java.nio.file.Path;
import java.util.List;
import org.clipfusion.datasets.DatasetException;

/** The check every reader makes on a requested category name. */
final class CategoryNames {
    private CategoryNames() {
    }

    static void requireKnown(String name, List<String> known, Path root) throws DatasetException {
        if (name == null || !known.contains(name)) {
            throw new DatasetException("unknown category '" + name + "' in dataset " + root + "; known categories: "
                    + String.join(", ", known));
        }
    }

    static DatasetException noCategories(Path root, String expected) {
        return new DatasetException("no categories found in dataset " + root + " (expected " + expected + ")");
    }

    static DatasetException noTestImages(String name, Path folder) {
        return new DatasetException("category '" + name + "' has no test images in " + folder);
    }
}
