package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.MetricSummary;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * {@code results.csv} (RFC 4180, metrics as fractions): one row per run, then per category a {@code mean} and a
 * {@code std} row over its seeds, then the same for the macro mean ({@code category = MACRO}). Empty cells are
 * undefined metrics.
 */
final class ResultsCsv {
    static final String FILE = "results.csv";

    private ResultsCsv() {
    }

    static void write(EvaluationReport report, Path output) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("category", "seed", "shots", "images", "anomalous", "skipped"));
        for (Metric metric : Metric.values()) {
            header.add(metric.label());
        }
        header.addAll(List.of("P-AUROC-bound", "P-AUPRO-bound", "seconds", "references", "failure"));
        rows.add(header);
        for (RunResult run : report.runs()) {
            List<String> row = new ArrayList<>(List.of(run.key().category(), Long.toString(run.key().seed()),
                    Integer.toString(run.shots()), Integer.toString(run.images()), Integer.toString(run.anomalous()),
                    Integer.toString(run.skipped().size())));
            for (Metric metric : Metric.values()) {
                row.add(number(metric.of(run)));
            }
            row.add(run.pixelMetrics().map(m -> number(m.aurocErrorBound())).orElse(""));
            row.add(run.pixelMetrics().map(m -> number(m.auproErrorBound())).orElse(""));
            row.add(String.format(Locale.ROOT, "%.1f", run.seconds()));
            row.add(String.join(" ", run.referenceIds()));
            row.add(run.failure().orElse(""));
            rows.add(row);
        }
        for (String category : report.categories()) {
            summaryRows(rows, category, metric -> report.categorySummary(category, metric));
        }
        summaryRows(rows, "MACRO", report::macroSummary);
        AtomicFiles.write(output.resolve(FILE), out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (List<String> row : rows) {
                writer.write(String.join(",", row.stream().map(ResultsCsv::quote).toList()));
                writer.write("\r\n");
            }
            writer.flush();
        });
    }

    private static void summaryRows(List<List<String>> rows, String category,
                                    java.util.function.Function<Metric, Optional<MetricSummary>> summary) {
        List<String> mean = new ArrayList<>(List.of(category, "mean", "", "", "", ""));
        List<String> std = new ArrayList<>(List.of(category, "std", "", "", "", ""));
        for (Metric metric : Metric.values()) {
            Optional<MetricSummary> value = summary.apply(metric);
            mean.add(value.map(s -> number(s.mean())).orElse(""));
            std.add(value.map(s -> number(s.sampleStd())).orElse(""));
        }
        for (List<String> row : List.of(mean, std)) {
            row.addAll(List.of("", "", "", "", ""));
            rows.add(row);
        }
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "";
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "";
    }

    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
