package org.clipfusion.datasets.internal;

/**
 * One understood row of VisA's split csv.
 *
 * @param line      the row's line number in the file, 1 = the header
 * @param object    the category
 * @param train     split {@code train} (else {@code test})
 * @param anomalous label {@code anomaly} (else {@code normal})
 * @param image     the image path relative to the dataset root, {@code '/'}-separated
 * @param mask      the mask path relative to the dataset root, empty for normal rows
 */
record VisaRow(int line, String object, boolean train, boolean anomalous, String image, String mask) {
}
