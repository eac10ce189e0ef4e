package org.clipfusion.engine.internal;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The image-level anomaly score, WinCLIP+ style (method §5): {@code ½ (s + max M̃)}, where {@code M̃} is the smoothed
 * fused map computed with α of classification. {@code s} stands for the paper's {@code s_CLIP}, generalised to any
 * set of scorers: the mean of the image scores of the scorers that give one. When none does, {@code s} is the map's
 * maximum itself, so the score is just {@code max M̃} and stays on the map's scale.
 */
final class ImageScore {
    private ImageScore() {
    }

    static double of(List<ScorerResult> results, double smoothedMapMax) {
        OptionalDouble scorerMean = results.stream().map(result -> result.output().imageScore())
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).average();
        return combine(scorerMean, smoothedMapMax);
    }

    static double combine(OptionalDouble scorerMean, double smoothedMapMax) {
        double s = scorerMean.orElse(smoothedMapMax);
        return 0.5 * (s + smoothedMapMax);
    }
}
