package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.Provenance;
import org.clipfusion.datasets.DatasetCategory;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetSample;
import org.clipfusion.datasets.FewShotSampler;
import org.clipfusion.datasets.SampleImages;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.GalleryImage;
import org.clipfusion.evaluation.ImageScore;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.evaluation.Skipped;
import org.clipfusion.metrics.ImageMetrics;
import org.clipfusion.metrics.PixelMetrics;
import org.clipfusion.metrics.ScoreRange;
import org.clipfusion.metrics.ScoreRangeFinder;

/**
 * One run: draw the references, fit, inspect every test image through the {@link Detector} (the line's own path),
 * then image metrics, pixel metrics and the gallery. A bad test image is skipped and reported; a run without usable
 * references or images fails as a whole, with the reason, and the evaluation goes on.
 */
final class RunExecutor {
    private final Detector detector;
    private final CategoryManager categories;
    private final int shots;
    private final PixelPass pixelPass;
    private final GalleryRenderer gallery;

    RunExecutor(Detector detector, CategoryManager categories, int shots, PixelPass pixelPass,
                GalleryRenderer gallery) {
        this.detector = detector;
        this.categories = categories;
        this.shots = shots;
        this.pixelPass = pixelPass;
        this.gallery = gallery;
    }

    /**
     * @param engineCategory the engine category prepared for this dataset category
     * @param runFolder      the run's own folder (gallery, spill)
     * @param output         the evaluation's output folder (gallery paths are relative to it)
     */
    RunResult run(DatasetCategory category, RunKey key, String engineCategory, Path runFolder, Path output,
                  EvaluationListener listener) throws InterruptedException, IOException {
        ProgressClock clock = new ProgressClock();
        List<Skipped> skipped = new ArrayList<>();
        category.problems().forEach(problem -> skipped.add(report(listener, key,
                problem.file().toString(), problem.message())));
        List<DatasetSample> references;
        try {
            references = FewShotSampler.sample(category.train(), shots, key.seed());
        } catch (IllegalArgumentException e) {
            return RunResult.failed(key, shots, List.of(), skipped, clock.seconds(), e.getMessage());
        }
        List<String> referenceIds = references.stream().map(DatasetSample::id).toList();
        listener.runStarted(key, category.test().size(), referenceIds);
        Optional<String> fitFailure = fit(engineCategory, references);
        if (fitFailure.isPresent()) {
            return RunResult.failed(key, shots, referenceIds, skipped, clock.seconds(), fitFailure.get());
        }
        try (MapSpill spill = new MapSpill(runFolder.resolve("maps.spill"))) {
            List<InspectedImage> inspected = new ArrayList<>();
            ScoreRangeFinder range = new ScoreRangeFinder();
            BalanceAccumulator balance = new BalanceAccumulator();
            Provenance[] provenance = new Provenance[1];
            int done = 0;
            for (DatasetSample sample : category.test()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("evaluation of " + key + " interrupted");
                }
                try {
                    InspectedImage image = inspect(sample, engineCategory, key, spill, range, provenance,
                            balance);
                    inspected.add(image);
                } catch (DatasetException | DetectionException | IllegalArgumentException e) {
                    skipped.add(report(listener, key, sample.image().toString(), e.getMessage()));
                }
                done++;
                listener.imageDone(key, done, category.test().size(), clock.rate(done),
                        clock.eta(done, category.test().size()));
            }
            if (inspected.isEmpty()) {
                return RunResult.failed(key, shots, referenceIds, skipped, clock.seconds(),
                        "none of the " + category.test().size() + " test images could be inspected");
            }
            return finish(key, referenceIds, inspected, skipped, spill, range.range(), provenance[0], runFolder,
                    output, clock, balance);
        }
    }

    private Optional<String> fit(String engineCategory, List<DatasetSample> references) {
        List<InspectionImage> images = new ArrayList<>();
        for (DatasetSample reference : references) {
            try {
                images.add(SampleImages.loadImage(reference));
            } catch (DatasetException e) {
                return Optional.of("reference " + reference.id() + " cannot be used: " + e.getMessage());
            }
        }
        try {
            categories.fit(engineCategory, images);
            return Optional.empty();
        } catch (DetectionException e) {
            return Optional.of("fitting " + images.size() + " references failed: " + e.getMessage());
        }
    }

    private InspectedImage inspect(DatasetSample sample, String engineCategory, RunKey key, MapSpill spill,
                                   ScoreRangeFinder range, Provenance[] provenance, BalanceAccumulator balance)
            throws DatasetException, DetectionException, IOException {
        InspectionImage image = SampleImages.loadImage(sample);
        // Read the mask now, so that a missing or mis-sized one skips the image before any metric has seen it.
        boolean[] mask = SampleImages.loadMask(sample, image.width(), image.height());
        DetectionResult result = detector.detect(new DetectionRequest("eval-" + key.category() + "-" + key.seed()
                + "-" + sample.id(), "", engineCategory, image));
        float[] values = result.map().values();
        range.add(values);
        if (provenance[0] == null) {
            provenance[0] = result.provenance();
        }
        int index = spill.append(result.map());
        balance.add(result, mask, image.width(), image.height());
        return new InspectedImage(sample, image.width(), image.height(), result.imageScore(), index);
    }

    private RunResult finish(RunKey key, List<String> referenceIds, List<InspectedImage> inspected,
                             List<Skipped> skipped, MapSpill spill, ScoreRange range, Provenance provenance,
                             Path runFolder, Path output, ProgressClock clock, BalanceAccumulator balance)
            throws IOException {
        double[] scores = inspected.stream().mapToDouble(InspectedImage::score).toArray();
        boolean[] labels = new boolean[inspected.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = inspected.get(i).sample().anomalous();
        }
        ImageMetrics imageMetrics;
        PixelMetrics pixelMetrics;
        List<GalleryImage> pictures;
        try {
            imageMetrics = ImageMetrics.of(scores, labels);
            pixelMetrics = pixelPass.compute(inspected, spill, range);
            pictures = gallery.render(inspected, spill, range, runFolder.resolve("gallery"), output);
        } catch (DatasetException | IllegalArgumentException e) {
            return RunResult.failed(key, shots, referenceIds, skipped, clock.seconds(),
                    "metrics could not be computed: " + e.getMessage());
        }
        int anomalous = 0;
        for (boolean label : labels) {
            anomalous += label ? 1 : 0;
        }
        List<ImageScore> imageScores = inspected.stream().map(image -> new ImageScore(image.sample().id(),
                image.sample().anomalous(), image.score())).toList();
        return new RunResult(key, shots, referenceIds, inspected.size(), anomalous, skipped,
                Optional.of(imageMetrics), Optional.of(pixelMetrics), clock.seconds(), Optional.ofNullable(provenance),
                imageScores, pictures, Optional.empty(), balance.balance());
    }

    private static Skipped report(EvaluationListener listener, RunKey key, String file, String message) {
        listener.problem(key, file, message);
        return new Skipped(file, message);
    }
}
