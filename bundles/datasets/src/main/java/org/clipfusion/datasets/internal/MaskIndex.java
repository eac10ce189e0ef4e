package org.clipfusion.datasets.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.clipfusion.datasets.DatasetException;

/**
 * The mask files of one folder by stem, so that finding the mask of each image does not list the folder again. A mask
 * may have any image extension; {@code <stem>_mask} (MVTec's naming) is preferred over a plain {@code <stem>}
 * (VisA converted to the MVTec layout, and most plant data).
 */
final class MaskIndex {
    static final String MASK_SUFFIX = "_mask";

    private final Path folder;
    private final Map<String, Path> byStem = new HashMap<>();

    private MaskIndex(Path folder) {
        this.folder = folder;
    }

    /** Indexes the images in {@code folder}; an absent folder gives an empty index. */
    static MaskIndex of(Path folder) throws DatasetException {
        MaskIndex index = new MaskIndex(folder);
        for (Path mask : ImageFiles.imagesIn(folder)) {
            // Sorted listing: with 000.png and 000.bmp both present, the first name wins, the same on every run.
            index.byStem.putIfAbsent(ImageFiles.stem(mask), mask);
        }
        return index;
    }

    /** The mask of the image with this stem, or {@code null}. */
    Path maskFor(String imageStem) {
        Path suffixed = byStem.get(imageStem + MASK_SUFFIX);
        return suffixed != null ? suffixed : byStem.get(imageStem);
    }

    /** The file name a missing mask was expected under, for messages. */
    Path expected(String imageStem) {
        return folder.resolve(imageStem + MASK_SUFFIX + ".png");
    }
}
