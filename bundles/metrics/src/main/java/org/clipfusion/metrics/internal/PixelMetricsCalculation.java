package org.clipfusion.metrics.internal;

import java.util.Optional;
import org.clipfusion.metrics.PixelMetrics;

/** Turns the ranking of a category's pixels, exact or binned, into its {@link PixelMetrics}. */
public final class PixelMetricsCalculation {

    private PixelMetricsCalculation() {
    }

    public static PixelMetrics of(ScoreGroups groups, long regions, int images) {
        if (groups.size() == 0) {
            throw new IllegalStateException("empty input: no image was added");
        }
        BestF1 best = BestF1.of(groups);
        ProArea pro = ProArea.of(groups, regions, PixelMetrics.AUPRO_FPR_LIMIT);
        return new PixelMetrics(RocArea.of(groups), RocArea.errorBound(groups),
                AveragePrecision.of(groups), AveragePrecision.errorBound(groups),
                best.f1(), best.errorBound(), best.threshold(),
                pro.area(), pro.errorBound(),
                images, groups.totalNegatives(), groups.totalPositives(), regions,
                reasonFor(groups));
    }

    private static Optional<String> reasonFor(ScoreGroups groups) {
        if (groups.totalPositives() == 0) {
            return Optional.of("no anomalous pixels: AUROC and AUPRO are undefined (NaN); F1-max is 0");
        }
        if (groups.totalNegatives() == 0) {
            return Optional.of("no normal pixels: AUROC and AUPRO are undefined (NaN); F1-max is 1");
        }
        return Optional.empty();
    }
}
