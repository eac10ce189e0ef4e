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
 * @param calibration       what the derived threshold depends on ({@link CalibrationKey}); empty when none
 */
record FitRecord(List<String> referenceImageIds, Instant fittedAt, SortedMap<String, String> bankChecksums,
                 Threshold threshold, String calibration) {
    FitRecord {
        referenceImageIds = List.copyOf(referenceImageIds);
        Objects.requireNonNull(fittedAt, "fittedAt");
        bankChecksums = Collections.unmodifiableSortedMap(new TreeMap<>(bankChecksums));
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(calibration, "calibration");
    }

    FitRecord withBankChecksums(Map<String, String> checksums) {
        return new FitRecord(referenceImageIds, fittedAt, new TreeMap<>(checksums), threshold, calibration);
    }
}
