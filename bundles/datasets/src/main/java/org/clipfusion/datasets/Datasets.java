package org.clipfusion.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.clipfusion.datasets.internal.FolderReader;
import org.clipfusion.datasets.internal.MvtecReader;
import org.clipfusion.datasets.internal.VisaReader;

/** The entry point: opens a dataset root for reading. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * A reader of the dataset at {@code root}, organised as {@code layout} (see {@link DatasetLayout#detect} to guess
     * it). Fails when the root is missing or not a folder, or (VisA) when its split csv is missing.
     */
    public static DatasetReader open(Path root, DatasetLayout layout) throws DatasetException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(layout, "layout");
        if (!Files.exists(root)) {
            throw new DatasetException("dataset root " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset root " + root + " is not a folder");
        }
        return switch (layout) {
            case MVTEC -> new MvtecReader(root);
            case VISA -> VisaReader.open(root);
            case FOLDER -> new FolderReader(root);
        };
    }
}
