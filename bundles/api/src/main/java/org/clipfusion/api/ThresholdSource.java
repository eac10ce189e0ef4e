package org.clipfusion.api;

/** How the threshold in force was obtained; zero- and few-shot users rarely have labelled anomalies to tune it. */
public enum ThresholdSource {
    /** No threshold set: decisions are {@link Decision#UNDECIDED}. */
    UNSET,
    /** A value given in the category's configuration. */
    FIXED_VALUE,
    /** A target false-positive rate, estimated leave-one-out on the category's k normal references. */
    REFERENCES_LEAVE_ONE_OUT,
    /** A target false-positive rate, estimated on a folder of known-normal images. */
    NORMAL_IMAGES
}
