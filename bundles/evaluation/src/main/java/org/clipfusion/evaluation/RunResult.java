package org.clipfusion.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.clipfusion.api.Provenance;
import org.clipfusion.metrics.ImageMetrics;
import org.clipfusion.metrics.PixelMetrics;

/**
 * The outcome of one run (a category under one seed).
 *
 * @param key            category and seed
 * @param shots          k
 * @param referenceIds   the k references drawn by the seed, in draw order
 * @param images         test images inspected (skipped ones excluded)
 * @param anomalous      of which anomalous
 * @param skipped        images and references left out, with the reason
 * @param imageMetrics   image AUROC, AP, F1-max; empty when the run failed
 * @param pixelMetrics   pixel AUROC, AUPRO, F1-max with their error bounds; empty when the run failed
 * @param seconds        wall time of the run
 * @param provenance     what produced the results (models, prompts, α, fusion), from the run's first result
 * @param scores         every inspected image's score, in dataset order
 * @param gallery        the report's images
 * @param failure        why the run failed as a whole (e.g. no reference could be read); empty when it ran
 * @param balance        per component map, its range on normal and anomalous pixels and its share of the fused
 *                       map; empty for failed runs and for runs recorded before it was kept
 */
public record RunResult(RunKey key, int shots, List<String> referenceIds, int images, int anomalous,
                        List<Skipped> skipped, Optional<ImageMetrics> imageMetrics,
                        Optional<PixelMetrics> pixelMetrics, double seconds, Optional<Provenance> provenance,
                        List<ImageScore> scores, List<GalleryImage> gallery, Optional<String> failure,
                        List<MapBalance> balance) {
    public RunResult {
        balance = balance == null ? List.of() : List.copyOf(balance);
        Objects.requireNonNull(key, "key");
        referenceIds = List.copyOf(referenceIds);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(imageMetrics, "imageMetrics");
        Objects.requireNonNull(pixelMetrics, "pixelMetrics");
        Objects.requireNonNull(provenance, "provenance");
        scores = List.copyOf(scores);
        gallery = List.copyOf(gallery);
        Objects.requireNonNull(failure, "failure");
    }

    /** A run without balance figures. */
    public RunResult(RunKey key, int shots, List<String> referenceIds, int images, int anomalous,
                     List<Skipped> skipped, Optional<ImageMetrics> imageMetrics, Optional<PixelMetrics> pixelMetrics,
                     double seconds, Optional<Provenance> provenance, List<ImageScore> scores,
                     List<GalleryImage> gallery, Optional<String> failure) {
        this(key, shots, referenceIds, images, anomalous, skipped, imageMetrics, pixelMetrics, seconds, provenance,
                scores, gallery, failure, List.of());
    }

    /** A run that could not be evaluated at all. */
    public static RunResult failed(RunKey key, int shots, List<String> referenceIds, List<Skipped> skipped,
                                   double seconds, String why) {
        return new RunResult(key, shots, referenceIds, 0, 0, skipped, Optional.empty(), Optional.empty(), seconds,
                Optional.empty(), List.of(), List.of(), Optional.of(why));
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
