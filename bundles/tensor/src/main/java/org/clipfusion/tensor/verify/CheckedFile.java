package org.clipfusion.tensor.verify;

import java.util.List;

/**
 * The outcome for one file of a model directory.
 *
 * @param file relative to the model directory (the candidate names joined when none exists)
 * @param what what was checked, e.g. "302 tensors against config.json" or "SHA-256"
 * @param findings every difference; empty when the file is as expected
 */
public record CheckedFile(String file, String what, List<Finding> findings) {
    public CheckedFile {
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }
}
