package org.clipfusion.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.api.spi.ReferenceBank;

/**
 * Derives thresholds from target false-positive rates by scoring normal images through the detection pipeline
 * itself: the image threshold is the {@link EmpiricalQuantile} of their image scores, the pixel threshold the
 * {@link PixelQuantile} of the values of their fused maps.
 */
final class ThresholdCalibrator {
    private ThresholdCalibrator() {
    }

    /**
     * The calibration scores and what they give.
     *
     * @param scores    the image scores of the normal images, in the order they were scored
     * @param threshold the derived image threshold
     * @param pixels    every value of the normal images' fused maps
     * @param source    how the normal images were obtained
     * @param origin    which normal images, for the pixel threshold's detail
     */
    record Calibration(double[] scores, Threshold threshold, float[] pixels, ThresholdSource source, String origin) {
        /** The pixel threshold at a target false-positive rate over {@link #pixels}. */
        Threshold pixelThreshold(double targetFalsePositiveRate) {
            float[] values = pixels.clone();
            double value = PixelQuantile.threshold(values, targetFalsePositiveRate);
            return new Threshold(value, source, "target pixel FPR " + targetFalsePositiveRate + " over the "
                    + values.length + " fused-map pixels of " + origin);
        }
    }

    /**
     * Leave-one-out over the k references: for each reference, banks are fitted on the other k − 1 and the held-out
     * one is scored with them, so that no reference is judged against a bank that contains it.
     *
     * @param plan the category's scorers and strategy (its banks are ignored)
     */
    static Calibration leaveOneOut(DetectionPlan plan, List<InspectionImage> references, EngineRuntime runtime)
            throws DetectionException {
        CategoryDefinition category = plan.definition();
        if (references.size() < 2) {
            throw new DetectionException("category '" + category.name() + "': thresholdMode=references-fpr needs at"
                    + " least 2 references for leave-one-out, got " + references.size());
        }
        double[] scores = new double[references.size()];
        List<float[]> maps = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            List<InspectionImage> others = new ArrayList<>(references);
            InspectionImage heldOut = others.remove(i);
            Map<String, ReferenceBank> banks = BankFitter.fit(plan, others);
            DetectionPlan withoutHeldOut = plan.withBanks(banks, BankFitter.idsOf(others));
            ScoredImage scored = DetectionPipeline.score(heldOut, withoutHeldOut, runtime);
            scores[i] = scored.imageScore();
            maps.add(scored.segmentationMap().values());
        }
        EmpiricalQuantile quantile = new EmpiricalQuantile(scores, category.targetFalsePositiveRate());
        String detail = "target FPR " + category.targetFalsePositiveRate() + ", leave-one-out over "
                + references.size() + " references: " + quantile.describe();
        return new Calibration(scores, new Threshold(quantile.threshold(), ThresholdSource.REFERENCES_LEAVE_ONE_OUT,
                detail), concatenate(maps), ThresholdSource.REFERENCES_LEAVE_ONE_OUT,
                references.size() + " references, leave-one-out");
    }

    /**
     * Scores every decodable image of the category's normal images folder.
     *
     * @param plan the category's scorers, strategy and the banks of the fit being made
     */
    static Calibration normalFolder(DetectionPlan plan, EngineRuntime runtime) throws DetectionException {
        CategoryDefinition category = plan.definition();
        List<Double> scores = new ArrayList<>();
        List<float[]> maps = new ArrayList<>();
        NormalImageFolder.forEachImage(category.name(), category.normalImagesFolder(), image -> {
            ScoredImage scored = DetectionPipeline.score(image, plan, runtime);
            scores.add(scored.imageScore());
            maps.add(scored.segmentationMap().values());
        });
        if (scores.isEmpty()) {
            throw new DetectionException("category '" + category.name() + "': normalImagesFolder "
                    + category.normalImagesFolder() + " holds no decodable image");
        }
        double[] values = scores.stream().mapToDouble(Double::doubleValue).toArray();
        EmpiricalQuantile quantile = new EmpiricalQuantile(values, category.targetFalsePositiveRate());
        String detail = "target FPR " + category.targetFalsePositiveRate() + ", " + values.length
                + " normal images in " + category.normalImagesFolder() + ": " + quantile.describe();
        return new Calibration(values, new Threshold(quantile.threshold(), ThresholdSource.NORMAL_IMAGES, detail),
                concatenate(maps), ThresholdSource.NORMAL_IMAGES, values.length + " normal images in "
                + category.normalImagesFolder());
    }

    private static float[] concatenate(List<float[]> maps) {
        float[] all = new float[maps.stream().mapToInt(map -> map.length).sum()];
        int offset = 0;
        for (float[] map : maps) {
            System.arraycopy(map, 0, all, offset, map.length);
            offset += map.length;
        }
        return all;
    }
}
