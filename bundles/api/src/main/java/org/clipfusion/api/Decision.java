package org.clipfusion.api;

/** The verdict on one image. */
public enum Decision {
    NORMAL,
    ANOMALOUS,
    /** No threshold is in force for the category: only the raw score is meaningful. */
    UNDECIDED
}
