package org.clipfusion.engine.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.spi.ReferenceBank;

/**
 * One fit of a category: banks from the references, the threshold where the category derives it, and both
 * persisted. Nothing is changed when any step fails; the caller installs the outcome.
 *
 * <p>An empty list of references is a zero-shot fit: it drops the banks of an earlier fit and, with
 * {@code thresholdMode=normal-folder-fpr}, calibrates the threshold of the zero-shot category.
 */
final class CategoryFitter {
    private CategoryFitter() {
    }

    /**
     * The fit's record (as persisted) and its banks.
     *
     * @param record the persisted record
     * @param banks  the banks by scorer id
     */
    record Outcome(FitRecord record, Map<String, ReferenceBank> banks) {
    }

    /** @param plan the category's current scorers and strategy (its banks are ignored) */
    static Outcome fit(DetectionPlan plan, List<InspectionImage> references, EngineRuntime runtime)
            throws DetectionException {
        CategoryDefinition category = plan.definition();
        if (!references.isEmpty() && plan.scorers().values().stream().noneMatch(s -> s.supportsReferences())) {
            throw new DetectionException("category '" + category.name() + "': none of its scorers "
                    + plan.scorerIds() + " supports references; nothing to fit");
        }
        Map<String, ReferenceBank> banks = BankFitter.fit(plan, references);
        List<String> referenceIds = BankFitter.idsOf(references);
        DetectionPlan fitted = plan.withBanks(banks, referenceIds);
        PixelThresholdSettings pixel = category.pixelThreshold();
        ThresholdCalibrator.Calibration leaveOneOut = null;
        ThresholdCalibrator.Calibration folder = null;
        if (category.thresholdMode() == ThresholdMode.REFERENCES_FPR || pixel.mode() == ThresholdMode.REFERENCES_FPR) {
            leaveOneOut = ThresholdCalibrator.leaveOneOut(plan, references, runtime);
        }
        if (category.thresholdMode() == ThresholdMode.NORMAL_FOLDER_FPR
                || pixel.mode() == ThresholdMode.NORMAL_FOLDER_FPR) {
            folder = ThresholdCalibrator.normalFolder(fitted, runtime);
        }
        Threshold threshold = switch (category.thresholdMode()) {
            case REFERENCES_FPR -> leaveOneOut.threshold();
            case NORMAL_FOLDER_FPR -> folder.threshold();
            default -> Threshold.unset();
        };
        Threshold pixelThreshold = switch (pixel.mode()) {
            case REFERENCES_FPR -> leaveOneOut.pixelThreshold(pixel.targetFalsePositiveRate());
            case NORMAL_FOLDER_FPR -> folder.pixelThreshold(pixel.targetFalsePositiveRate());
            default -> Threshold.unset();
        };
        String calibration = leaveOneOut == null && folder == null ? "" : fitted.calibrationKey(runtime.settings());
        FitRecord record = new FitRecord(referenceIds, Instant.now(), new TreeMap<>(), threshold, calibration,
                pixelThreshold);
        try {
            return new Outcome(runtime.bankStore().save(category.name(), banks, record), banks);
        } catch (IOException e) {
            throw new DetectionException("category '" + category.name() + "': the fit could not be saved under "
                    + runtime.bankStore().directoryOf(category.name()) + ": " + e, e);
        }
    }
}
