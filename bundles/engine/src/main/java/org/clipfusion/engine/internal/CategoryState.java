package org.clipfusion.engine.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.api.spi.ReferenceBank;

/**
 * A category as the engine applies it at one moment: its definition, its current fit (if any) and the banks of that
 * fit that are loaded. Immutable: a detection takes one snapshot when it starts and keeps it, while fits, scorer
 * swaps and configuration changes publish new snapshots.
 */
final class CategoryState {
    private final CategoryDefinition definition;
    private final FitRecord fit;
    private final Map<String, ReferenceBank> banks;
    private final String version;

    CategoryState(CategoryDefinition definition) {
        this(definition, null, Map.of());
    }

    private CategoryState(CategoryDefinition definition, FitRecord fit, Map<String, ReferenceBank> banks) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.fit = fit;
        this.banks = Map.copyOf(banks);
        this.version = CategoryVersion.of(definition, fit);
    }

    CategoryDefinition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    /** The {@link CategoryVersion} of its definition and fit; loading or dropping a bank does not change it. */
    String version() {
        return version;
    }

    Optional<FitRecord> fit() {
        return Optional.ofNullable(fit);
    }

    /** The loaded bank of a scorer, or null (zero-shot for that scorer). */
    ReferenceBank bank(String scorerId) {
        return banks.get(scorerId);
    }

    Map<String, ReferenceBank> banks() {
        return banks;
    }

    /** The references of the fit, while at least one of its banks is loaded; empty otherwise (zero-shot). */
    List<String> referenceImageIds() {
        return fit != null && !banks.isEmpty() ? fit.referenceImageIds() : List.of();
    }

    CategoryState withDefinition(CategoryDefinition newDefinition) {
        return new CategoryState(newDefinition, fit, banks);
    }

    /** A new fit replaces the old one and all its banks. */
    CategoryState withFit(FitRecord newFit, Map<String, ReferenceBank> newBanks) {
        return new CategoryState(definition, newFit, newBanks);
    }

    CategoryState withBank(String scorerId, ReferenceBank bank) {
        Map<String, ReferenceBank> updated = new HashMap<>(banks);
        updated.put(scorerId, bank);
        return new CategoryState(definition, fit, updated);
    }

    CategoryState withoutBank(String scorerId) {
        if (!banks.containsKey(scorerId)) {
            return this;
        }
        Map<String, ReferenceBank> updated = new HashMap<>(banks);
        updated.remove(scorerId);
        return new CategoryState(definition, fit, updated);
    }

    /**
     * The image threshold in force.
     *
     * @param calibrationKey the {@link CalibrationKey} of the detection it is for; null when none can be planned
     *                       (then a calibrated threshold is reported as stored)
     */
    Threshold threshold(String calibrationKey) {
        String mode = "thresholdMode=" + definition.thresholdMode().configValue();
        switch (definition.thresholdMode()) {
            case NONE:
                return unset(mode + ": no threshold, decisions are UNDECIDED");
            case VALUE:
                return new Threshold(definition.fixedThreshold(), ThresholdSource.FIXED_VALUE,
                        "configured value (" + mode + ")");
            default:
                return calibrated(mode, fit == null ? null : fit.threshold(), calibrationKey);
        }
    }

    /**
     * The pixel threshold in force (masks), under the same rules as {@link #threshold}.
     *
     * @param calibrationKey as for {@link #threshold}
     */
    Threshold pixelThreshold(String calibrationKey) {
        PixelThresholdSettings settings = definition.pixelThreshold();
        String mode = "pixelThresholdMode=" + settings.mode().configValue();
        switch (settings.mode()) {
            case NONE:
                return unset(mode + ": no pixel threshold, so no mask");
            case VALUE:
                return new Threshold(settings.value(), ThresholdSource.FIXED_VALUE, "configured value (" + mode + ")");
            default:
                return calibrated(mode, fit == null ? null : fit.pixelThreshold(), calibrationKey);
        }
    }

    /** Why the stored calibration does not apply to a detection with {@code calibrationKey}; empty when it does. */
    String invalidation(String calibrationKey) {
        if (fit == null || !fit.calibrated()) {
            return "";
        }
        if (calibrationKey != null && !CalibrationKey.matches(fit.calibration(), calibrationKey)) {
            return "the calibration of " + fit.fittedAt() + " no longer applies ("
                    + CalibrationKey.differences(fit.calibration(), calibrationKey) + "); refit";
        }
        for (String scorerId : fit.bankChecksums().keySet()) {
            if (!banks.containsKey(scorerId)) {
                return "the bank of scorer '" + scorerId + "' from the fit of " + fit.fittedAt()
                        + " is not loaded; refit";
            }
        }
        return "";
    }

    private Threshold calibrated(String mode, Threshold stored, String calibrationKey) {
        if (stored == null || stored.source() == ThresholdSource.UNSET) {
            return unset(mode + ": not calibrated yet; run a fit");
        }
        String invalid = invalidation(calibrationKey);
        return invalid.isEmpty() ? stored : unset(mode + ": " + invalid);
    }

    private static Threshold unset(String detail) {
        return new Threshold(Double.NaN, ThresholdSource.UNSET, detail);
    }
}
