package org.clipfusion.datasets.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.clipfusion.datasets.DatasetException;

/** How the folder-based readers find their categories, and the checks every reader makes on a requested name. */
final class CategoryNames {
    private CategoryNames() {
    }

    /**
     * The categories of a root whose categories are folders: the root's own name when the root is itself a category
     * folder, else its subfolders that are category folders.
     *
     * @throws DatasetException when there is none, saying what was {@code expected}
     */
    static List<String> ofFolders(Path root, Predicate<Path> isCategoryFolder, String expected)
            throws DatasetException {
        if (isCategoryFolder.test(root)) {
            Path name = root.toAbsolutePath().normalize().getFileName();
            return List.of(name == null ? root.toString() : name.toString());
        }
        List<String> names = new ArrayList<>();
        for (Path folder : ImageFiles.subfolders(root)) {
            if (isCategoryFolder.test(folder)) {
                names.add(folder.getFileName().toString());
            }
        }
        if (names.isEmpty()) {
            throw noCategories(root, expected);
        }
        return names;
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
