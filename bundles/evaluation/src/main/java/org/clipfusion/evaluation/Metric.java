package org.clipfusion.evaluation;

import java.util.OptionalDouble;

/** The six figures of the protocol (../shared/docs/method.md §6), in the order tables show them. */
public enum Metric {
    IMAGE_AUROC("I-AUROC"),
    IMAGE_AP("I-AP"),
    IMAGE_F1_MAX("I-F1max"),
    PIXEL_AUROC("P-AUROC"),
    PIXEL_AUPRO("P-AUPRO"),
    PIXEL_F1_MAX("P-F1max");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** The column heading, e.g. {@code I-AUROC}. */
    public String label() {
        return label;
    }

    /** This metric of a run, as a fraction; empty when the run failed or the metric is undefined (NaN). */
    public OptionalDouble of(RunResult run) {
        double value = switch (this) {
            case IMAGE_AUROC -> run.imageMetrics().map(m -> m.auroc()).orElse(Double.NaN);
            case IMAGE_AP -> run.imageMetrics().map(m -> m.averagePrecision()).orElse(Double.NaN);
            case IMAGE_F1_MAX -> run.imageMetrics().map(m -> m.f1Max()).orElse(Double.NaN);
            case PIXEL_AUROC -> run.pixelMetrics().map(m -> m.auroc()).orElse(Double.NaN);
            case PIXEL_AUPRO -> run.pixelMetrics().map(m -> m.aupro()).orElse(Double.NaN);
            case PIXEL_F1_MAX -> run.pixelMetrics().map(m -> m.f1Max()).orElse(Double.NaN);
        };
        return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
