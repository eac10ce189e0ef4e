package org.clipfusion.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.clipfusion.datasets.internal.FolderReader;
import org.clipfusion.datasets.internal.VisaReader;

/** How a dataset root is organised on disk. */
public enum DatasetLayout {
    /**
     * MVTec AD: {@code <category>/train/good/*}, {@code <category>/test/<defect>/*} ({@code good} = normal) and
     * {@code <category>/ground_truth/<defect>/<stem>_mask.png}. A mask named like its image ({@code <stem>.png}, as
     * VisA converted to this layout has it) is accepted too. The root may also be a single category folder.
     */
    MVTEC,
    /**
     * VisA as distributed: {@code split_csv/1cls.csv} with the columns {@code object,split,label,image,mask}, paths
     * relative to the root; categories are the distinct {@code object} values. Sample ids are the image paths
     * relative to the object's folder; VisA names no defect types, so every anomaly has the type {@code anomaly}.
     */
    VISA,
    /**
     * Plain folders for a plant's own images: {@code <category>/normal/*} and {@code <category>/anomalous/*} (or
     * {@code anomalous/<defect>/*}; defect type {@code anomalous} or {@code <defect>}) are the test images,
     * {@code <category>/masks/} holds one mask per anomalous image at the same relative path and stem (any image
     * extension, optionally with a {@code _mask} suffix), and the optional {@code <category>/reference/*} holds normal
     * few-shot references (the train split; without it the train split is empty and only zero-shot runs are
     * possible). The root may also be a single category folder.
     */
    FOLDER;

    /**
     * Guesses the layout of a dataset root: {@link #VISA} if it holds {@code split_csv/1cls.csv}; {@link #FOLDER} if
     * it, or one of its sub-folders, holds both {@code normal/} and {@code anomalous/}; otherwise {@link #MVTEC}
     * (VisA converted to the MVTec layout is read as MVTec).
     */
    public static DatasetLayout detect(Path root) {
        Objects.requireNonNull(root, "root");
        if (Files.isRegularFile(root.resolve(VisaReader.SPLIT_FILE))) {
            return VISA;
        }
        if (FolderReader.looksLikeFolderLayout(root)) {
            return FOLDER;
        }
        return MVTEC;
    }

    /** The layout named {@code text}, in any letter case, e.g. {@code "mvtec"}. */
    public static DatasetLayout parse(String text) {
        Objects.requireNonNull(text, "layout name");
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        for (DatasetLayout layout : values()) {
            if (layout.name().equals(wanted)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown dataset layout '" + text + "'; known layouts: "
                + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
