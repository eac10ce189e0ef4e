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
 * Derives a threshold from a target false-positive rate by scoring normal images through the detection pipeline
 * itself and taking the {@link EmpiricalQuantile} of their image scores.
 */
final class ThresholdCalibrator {
    private ThresholdCalibrator() {
    }

    /**
     * The calibration scores and the threshold they give.
     *
     * @param scores    the image scores of the normal images, in the order they were scored
     * @param threshold the derived threshold
     */
    record Calibration(double[] scores, Threshold threshold) {
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
        for (int i = 0; i < references.size(); i++) {
            List<InspectionImage> others = new ArrayList<>(references);
            InspectionImage heldOut = others.remove(i);
            Map<String, ReferenceBank> banks = BankFitter.fit(plan, others);
            DetectionPlan withoutHeldOut = plan.withBanks(banks, BankFitter.idsOf(others));
            scores[i] = DetectionPipeline.score(heldOut, withoutHeldOut, runtime).imageScore();
        }
        EmpiricalQuantile quantile = new EmpiricalQuantile(scores, category.targetFalsePositiveRate());
        String detail = "target FPR " + category.targetFalsePositiveRate() + ", leave-one-out over "
                + references.size() + " references: " + quantile.describe();
        return new Calibration(scores, new Threshold(quantile.threshold(), ThresholdSource.REFERENCES_LEAVE_ONE_OUT,
                detail));
    }

    /**
     * Scores every decodable image of the category's normal images folder.
     *
     * @param plan the category's scorers, strategy and the banks of the fit being made
     */
    static Calibration normalFolder(DetectionPlan plan, EngineRuntime runtime) throws DetectionException {
        CategoryDefinition category = plan.definition();
        List<Double> scores = new ArrayList<>();
        NormalImageFolder.forEachImage(category.name(), category.normalImagesFolder(),
                image -> scores.add(DetectionPipeline.score(image, plan, runtime).imageScore()));
        if (scores.isEmpty()) {
            throw new DetectionException("category '" + category.name() + "': normalImagesFolder "
                    + category.normalImagesFolder() + " holds no decodable image");
        }
        double[] values = scores.stream().mapToDouble(Double::doubleValue).toArray();
        EmpiricalQuantile quantile = new EmpiricalQuantile(values, category.targetFalsePositiveRate());
        String detail = "target FPR " + category.targetFalsePositiveRate() + ", " + values.length
                + " normal images in " + category.normalImagesFolder() + ": " + quantile.describe();
        return new Calibration(values, new Threshold(quantile.threshold(), ThresholdSource.NORMAL_IMAGES, detail));
    }
}
