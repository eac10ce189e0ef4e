package org.clipfusion.shell.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.evaluation.Ablation;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.Evaluator;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.PixelMetricsAccumulator;

/**
 * {@code clipfusion:eval}: the benchmark protocol over a dataset, through the same detection path as the line. Prints
 * progress, a per-category table and the macro mean, and writes results.json, results.csv and report.html. Interrupt
 * it (Ctrl-C) at any time: running the same command again resumes after the last finished category and seed.
 */
@Service
@Command(scope = "clipfusion", name = "eval", description = "Evaluates the detector on a dataset (MVTec AD, VisA, "
        + "folders): metrics, results.json/.csv and an HTML report")
@Parsing(HelpRedirectingParser.class)
public class EvalCommand extends UserCommand {

    @Option(name = "-k", aliases = "--shots", description = "Normal references per run (0 = zero-shot)")
    int shots;

    @Option(name = "-s", aliases = "--seeds", description = "Comma-separated sampling seeds, e.g. 0,1,2")
    String seeds = "0";

    @Option(name = "-o", aliases = "--output", description = "Output folder (default: "
            + "data/clipfusion/eval/<dataset>-<k>shot)")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--layout", description = "mvtec, visa or folder (default: detected)")
    @Completion(value = StringsCompleter.class, values = {"mvtec", "visa", "folder"})
    String layout;

    @Option(name = "-t", aliases = "--template", description = "Category whose settings (scorers, fusion, α) "
            + "the evaluation uses (default: the engine's defaults)")
    @Completion(CategoryCompleter.class)
    String template;

    @Option(name = "--object", description = "The object's name in prompts (default: each category's folder"
            + " name, _ as space)")
    String objectName;

    @Option(name = "--pixel-size", description = "Compute pixel metrics on an N×N grid (default 0: at each "
            + "ground-truth mask's resolution)")
    int pixelSize;

    @Option(name = "--gallery", description = "Top-scored normal and anomalous images shown per run")
    int gallery = EvaluationPlan.DEFAULT_GALLERY_IMAGES;

    @Option(name = "--bins", description = "Histogram bins of the pixel metrics (error bounds are reported)")
    int bins = PixelMetricsAccumulator.DEFAULT_BINS;

    @Option(name = "--branches", description = "Ablation: also run each branch alone (CLIP maps only, diffusion "
            + "maps only), reported beside the template")
    boolean branches;

    @Option(name = "--each-map", description = "Ablation: also run each map alone (the language maps; in few-shot "
            + "the vision maps too)")
    boolean eachMap;

    @Option(name = "--alphas", description = "Ablation: also run these α values (segmentation and "
            + "classification), comma-separated, e.g. 0.3,0.7")
    String alphas;

    @Option(name = "--raw-sum", description = "Ablation: also run the paper's raw sum (mapScaling = raw)")
    boolean rawSum;

    @Argument(index = 0, name = "dataset", required = true, description = "The dataset's root folder")
    @Completion(FileCompleter.class)
    String dataset;

    @Argument(index = 1, name = "categories", multiValued = true, description = "Categories (default: all)")
    List<String> categories;

    @Reference(optional = true)
    Evaluator evaluator;

    @Override
    protected Object run() throws Exception {
        if (evaluator == null) {
            throw new IllegalStateException("the evaluation service is not running (feature clipfusion-evaluation)");
        }
        Path root = Paths.get(dataset).toAbsolutePath().normalize();
        EvaluationPlan plan = new EvaluationPlan(root, layout == null ? null : DatasetLayout.parse(layout),
                categories == null ? List.of() : categories, shots, parseSeeds(seeds), outputFolder(root), template,
                pixelSize, gallery, bins, AblationOptions.of(branches, eachMap, alphas, rawSum, shots), objectName);
        EvaluationReport report;
        try {
            report = evaluator.evaluate(plan, new EvalProgress(System.out));
        } catch (InterruptedException e) {
            System.out.println("Interrupted. Finished runs are kept in " + plan.output()
                    + "; run the same command again to resume.");
            return null;
        }
        table(report).print(System.out);
        System.out.println("Results: " + plan.output().resolve("results.json") + ", results.csv, report.html");
        List<RunResult> failures = report.failures();
        int skipped = report.runs().stream().mapToInt(run -> run.skipped().size()).sum();
        if (skipped > 0) {
            System.out.println(skipped + " images or references were skipped (listed in the report)");
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + report.runs().size() + " runs failed: "
                    + String.join("; ", failures.stream().map(run -> run.key() + ": " + run.failure().orElseThrow())
                    .toList()));
        }
        return null;
    }

    private Path outputFolder(Path root) {
        if (output != null) {
            return Paths.get(output).toAbsolutePath().normalize();
        }
        String data = System.getProperty("karaf.data", "data");
        return Paths.get(data, "clipfusion", "eval", root.getFileName() + "-" + shots + "shot").toAbsolutePath();
    }

    static List<Long> parseSeeds(String text) {
        List<Long> parsed = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                parsed.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seeds '" + text + "': '" + part.trim()
                        + "' is not a whole number");
            }
        }
        return parsed;
    }

    static ShellTable table(EvaluationReport report) {
        ShellTable table = new ShellTable();
        table.column("Category");
        for (Metric metric : Metric.values()) {
            table.column(metric.label()).alignRight();
        }
        for (String category : report.categories()) {
            List<Object> row = new ArrayList<>(List.of(category));
            for (Metric metric : Metric.values()) {
                row.add(report.categorySummary(category, metric).map(s -> s.toPercentString(1)).orElse("-"));
            }
            table.addRow().addContent(row);
        }
        List<Object> mean = new ArrayList<>(List.of("mean"));
        for (Metric metric : Metric.values()) {
            mean.add(report.macroSummary(metric).map(s -> s.toPercentString(1)).orElse("-"));
        }
        table.addRow().addContent(mean);
        for (Ablation ablation : report.plan().ablations()) {
            List<Object> variantMean = new ArrayList<>(List.of("mean [" + ablation.name() + "]"));
            for (Metric metric : Metric.values()) {
                variantMean.add(report.macroSummary(ablation.name(), metric).map(s -> s.toPercentString(1))
                        .orElse("-"));
            }
            table.addRow().addContent(variantMean);
        }
        return table;
    }
}
