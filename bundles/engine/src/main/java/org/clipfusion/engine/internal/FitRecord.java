package org.clipfusion.engine.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.clipfusion.api.Threshold;

/**
 * What a fit produced besides the banks themselves, as persisted next to them.
 *
 * @param referenceImageIds the references, in order; empty for a zero-shot calibration
 * @param fittedAt          when the fit finished
 * @param bankChecksums     SHA-256 of each persisted bank file, by scorer id: which banks belong to the fit, and a
 *                          guard against a bank file left over from another fit
 * @param threshold         the threshold derived during the fit; {@link Threshold#unset()} when none was derived
 * @param calibration       what the derived thresholds depend on ({@link CalibrationKey}); empty when none
 * @param pixelThreshold    the pixel threshold derived during the fit; {@link Threshold#unset()} when none was
 */
record FitRecord(List<String> referenceImageIds, Instant fittedAt, SortedMap<String, String> bankChecksums,
                 Threshold threshold, String calibration, Threshold pixelThreshold) {
    FitRecord {
        referenceImageIds = List.copyOf(referenceImageIds);
        Objects.requireNonNull(fittedAt, "fittedAt");
        bankChecksums = Collections.unmodifiableSortedMap(new TreeMap<>(bankChecksums));
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(pixelThreshold, "pixelThreshold");
    }

    /** A record without a pixel threshold (as fits before pixel thresholds existed). */
    FitRecord(List<String> referenceImageIds, Instant fittedAt, SortedMap<String, String> bankChecksums,
              Threshold threshold, String calibration) {
        this(referenceImageIds, fittedAt, bankChecksums, threshold, calibration, Threshold.unset());
    }

    /** Whether the fit derived a threshold (image or pixel) that depends on its calibration key. */
    boolean calibrated() {
        return !calibration.isEmpty() && (threshold.source() != org.clipfusion.api.ThresholdSource.UNSET
                || pixelThreshold.source() != org.clipfusion.api.ThresholdSource.UNSET);
    }

    FitRecord withBankChecksums(Map<String, String> checksums) {
        return new FitRecord(referenceImageIds, fittedAt, new TreeMap<>(checksums), threshold, calibration,
                pixelThreshold);
    }
}
