package org.clipfusion.tensor.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything {@link ModelVerifier} found about one model directory: each checkpoint file against its architecture,
 * and each listed file against its checksum.
 */
public record VerificationReport(Path directory, String architectureId, List<CheckedFile> files) {
    /** Lines of one kind shown per file before the rest are counted; the findings themselves are all kept. */
    static final int LINES_PER_KIND = 20;

    public VerificationReport {
        files = List.copyOf(files);
    }

    public boolean ok() {
        return files.stream().allMatch(CheckedFile::ok);
    }

    /** Every finding, file by file. */
    public List<Finding> findings() {
        return files.stream().flatMap(file -> file.findings().stream()).toList();
    }

    /** A one-line outcome, for an exception message or a log. */
    public String summary() {
        if (ok()) {
            return directory + " is a valid " + architectureId + " model (" + files.size() + " files checked)";
        }
        Map<Finding.Kind, Integer> counts = new TreeMap<>();
        findings().forEach(finding -> counts.merge(finding.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder(directory + " is not a valid " + architectureId + " model: ");
        String separator = "";
        for (Map.Entry<Finding.Kind, Integer> entry : counts.entrySet()) {
            text.append(separator).append(entry.getValue()).append(' ').append(entry.getKey().label());
            separator = ", ";
        }
        return text.toString();
    }

    /** The full report, one line per file and per finding, findings grouped by kind. */
    public String format() {
        StringBuilder text = new StringBuilder("Model directory ").append(directory).append(" (")
                .append(architectureId).append(")\n");
        for (CheckedFile file : files) {
            text.append("  ").append(file.file()).append(": ").append(file.what()).append(": ")
                    .append(file.ok() ? "OK" : file.findings().size() + " problem(s)").append('\n');
            for (Finding.Kind kind : Finding.Kind.values()) {
                List<Finding> ofKind = file.findings().stream().filter(f -> f.kind() == kind).toList();
                ofKind.stream().limit(LINES_PER_KIND).forEach(finding -> text.append("    ")
                        .append(kind.label()).append(finding.key() == null ? "" : " " + finding.key())
                        .append(finding.detail().isEmpty() ? "" : ": " + finding.detail()).append('\n'));
                if (ofKind.size() > LINES_PER_KIND) {
                    text.append("    ... and ").append(ofKind.size() - LINES_PER_KIND).append(" more ")
                            .append(kind.label()).append('\n');
                }
            }
        }
        text.append(ok() ? "Result: OK" : "Result: FAILED, " + summary().substring(summary().lastIndexOf(": ") + 2));
        return text.append('\n').toString();
    }
}
