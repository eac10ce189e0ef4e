package org.clipfusion.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.metrics.PixelMetricsAccumulator;

/**
 * What to evaluate and where to write it.
 *
 * @param datasetRoot   the dataset's root folder
 * @param layout        its layout, or {@code null} to detect it
 * @param categories    the dataset categories to run; empty = all of them
 * @param shots         k normal references per run (0 = zero-shot)
 * @param seeds         the sampling seeds; a zero-shot evaluation draws nothing and runs once, under the first seed
 * @param output        the folder for results, report and resumable state
 * @param template      the engine category whose settings (scorers, fusion, α...) the evaluation copies; empty = the
 *                      engine's defaults
 * @param pixelSize     side of the square grid pixel metrics are computed on (masks resized by nearest neighbour);
 *                      0 = each ground-truth mask's own resolution (maps resized bilinearly), the MVTec protocol
 * @param galleryImages how many top-scored normal and anomalous images the report shows per run, with overlays
 * @param bins          histogram bins of the pixel metrics (their error bounds are reported)
 * @param ablations     variants of the template run beside it, each over the same categories and seeds; empty =
 *                      the template alone
 * @param objectName    the object's name in prompts for every category; empty = each dataset category's own
 *                      (its folder name with {@code _} as space, VisA's names from VisA's table)
 */
public record EvaluationPlan(Path datasetRoot, DatasetLayout layout, List<String> categories, int shots,
                             List<Long> seeds, Path output, String template, int pixelSize, int galleryImages,
                             int bins, List<Ablation> ablations, String objectName) {

    public static final int DEFAULT_GALLERY_IMAGES = 6;

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public EvaluationPlan {
        Objects.requireNonNull(datasetRoot, "dataset root");
        categories = List.copyOf(categories);
        seeds = List.copyOf(seeds);
        ablations = ablations == null ? List.of() : List.copyOf(ablations);
        if (ablations.stream().map(Ablation::name).distinct().count() != ablations.size()) {
            throw new IllegalArgumentException("ablation names repeat: "
                    + ablations.stream().map(Ablation::name).toList());
        }
        Objects.requireNonNull(output, "output folder");
        template = template == null ? "" : template.trim();
        objectName = objectName == null ? "" : objectName.trim();
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be 0 (zero-shot) or more, got " + shots);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is needed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds repeat: " + seeds);
        }
        if (pixelSize < 0) {
            throw new IllegalArgumentException("pixel grid size must be 0 (ground-truth resolution) or more, got "
                    + pixelSize);
        }
        if (galleryImages < 0) {
            throw new IllegalArgumentException("gallery size must be 0 or more, got " + galleryImages);
        }
        if (bins < 1 || bins > PixelMetricsAccumulator.MAX_BINS) {
            throw new IllegalArgumentException("bins must be in [1, " + PixelMetricsAccumulator.MAX_BINS + "], got "
                    + bins);
        }
    }

    /** A plan without ablations (the template alone), whose object names come from the dataset's categories. */
    public EvaluationPlan(Path datasetRoot, DatasetLayout layout, List<String> categories, int shots,
                          List<Long> seeds, Path output, String template, int pixelSize, int galleryImages, int bins) {
        this(datasetRoot, layout, categories, shots, seeds, output, template, pixelSize, galleryImages, bins,
                List.of(), "");
    }

    /** A plan with the defaults: all categories, seed 0, ground-truth resolution, default gallery and bins. */
    public static EvaluationPlan of(Path datasetRoot, Path output, int shots) {
        return new EvaluationPlan(datasetRoot, null, List.of(), shots, List.of(0L), output, "", 0,
                DEFAULT_GALLERY_IMAGES, PixelMetricsAccumulator.DEFAULT_BINS);
    }

    /** The seeds that actually run: all of them few-shot, the first alone zero-shot (nothing is drawn). */
    public List<Long> effectiveSeeds() {
        return shots == 0 ? List.of(seeds.get(0)) : seeds;
    }
}
