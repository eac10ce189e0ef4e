package org.clipfusion.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a category.
 *
 * @param id         the image's path relative to the category folder with {@code '/'} separators, e.g.
 *                   {@code "test/crack/000.png"}; unique within a category, and the key few-shot sampling sorts by
 * @param image      the image file
 * @param anomalous  whether the image shows a defect
 * @param defectType {@code "good"} for normal images, else the defect's name (the MVTec folder name, or the
 *                   layout's generic name where the dataset has none)
 * @param mask       the ground-truth mask file of an anomalous image (non-zero pixels are anomalous); {@code null}
 *                   for a normal image, whose mask is all zero
 */
public record DatasetSample(String id, Path image, boolean anomalous, String defectType, Path mask) {
    /** The defect type of every normal sample. */
    public static final String GOOD = "good";

    public DatasetSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(defectType, "defectType");
        if (id.isBlank()) {
            throw new IllegalArgumentException("sample id of " + image + " must not be empty");
        }
        if (anomalous && mask == null) {
            throw new IllegalArgumentException("anomalous sample " + id + " (" + image + ") needs a mask file");
        }
        if (!anomalous && mask != null) {
            throw new IllegalArgumentException("normal sample " + id + " (" + image + ") cannot have a mask file");
        }
        if (anomalous == defectType.equals(GOOD)) {
            throw new IllegalArgumentException("sample " + id + ": defect type '" + defectType + "' contradicts "
                    + (anomalous ? "anomalous" : "normal"));
        }
    }
}
