package org.clipfusion.evaluation.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.metrics.MetricSummary;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * {@code results.json}: the plan, every run (metrics as fractions, with their error bounds, references, skipped
 * files, per-image scores, provenance) and the summaries (per category and macro, mean and sample std over seeds).
 */
final class ResultsJson {
    static final String FILE = "results.json";

    private ResultsJson() {
    }

    static void write(EvaluationReport report, Path output) throws IOException {
        ObjectNode root = RunStore.JSON.createObjectNode();
        root.put("format", 1);
        ObjectNode plan = root.putObject("plan");
        plan.put("datasetRoot", report.plan().datasetRoot().toAbsolutePath().normalize().toString());
        plan.put("shots", report.plan().shots());
        JsonValues.putStrings(plan, "categories", report.plan().categories());
        ArrayNode seeds = plan.putArray("seeds");
        report.plan().effectiveSeeds().forEach(seeds::add);
        plan.put("template", report.plan().template());
        plan.put("pixelSize", report.plan().pixelSize());
        plan.put("bins", report.plan().bins());
        ArrayNode runs = root.putArray("runs");
        report.runs().forEach(run -> runs.add(RunResultJson.write(run)));
        ObjectNode categories = root.putObject("categories");
        for (String category : report.categories()) {
            ObjectNode metrics = categories.putObject(category);
            for (Metric metric : Metric.values()) {
                put(metrics, metric, report.categorySummary(category, metric));
            }
        }
        ObjectNode macro = root.putObject("macro");
        for (Metric metric : Metric.values()) {
            put(macro, metric, report.macroSummary(metric));
        }
        AtomicFiles.write(output.resolve(FILE), out -> RunStore.JSON.writeValue(out, root));
    }

    private static void put(ObjectNode node, Metric metric, Optional<MetricSummary> summary) {
        if (summary.isEmpty()) {
            node.putNull(metric.label());
            return;
        }
        ObjectNode value = node.putObject(metric.label());
        JsonValues.putNumber(value, "mean", summary.get().mean());
        JsonValues.putNumber(value, "std", summary.get().sampleStd());
        value.put("seeds", summary.get().count());
    }
}
