package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.clipfusion.evaluation.Ablation;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.GalleryImage;
import org.clipfusion.evaluation.MapBalance;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.evaluation.Skipped;
import org.clipfusion.metrics.MetricSummary;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * {@code report.html}: one self-contained page (images are the overlay PNGs next to it) with the summary table,
 * then per category and seed its figures (score histogram), skipped files and gallery of overlays.
 */
final class ReportHtml {
    static final String FILE = "report.html";

    private ReportHtml() {
    }

    static void write(EvaluationReport report, Path output) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ClipFusion evaluation"
                + "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}td:first-child,th:first-child"
                + "{text-align:left}figure{display:inline-block;margin:4px;font-size:12px}img{max-width:220px}"
                + ".failed{color:#b00}</style></head><body>\n");
        html.append("<h1>ClipFusion evaluation</h1>\n<p>Dataset ").append(escape(report.plan().datasetRoot()
                .toAbsolutePath().normalize().toString())).append(", ")
                .append(report.plan().shots() == 0 ? "zero-shot" : report.plan().shots() + "-shot")
                .append(", seeds ").append(report.plan().effectiveSeeds()).append(", pixel metrics at ")
                .append(report.plan().pixelSize() == 0 ? "the ground-truth resolution"
                        : report.plan().pixelSize() + "×" + report.plan().pixelSize())
                .append(". Written ").append(Instant.now()).append(". Figures in percent, mean ± std over seeds."
                        + "</p>\n");
        summaryTable(report, html);
        ablationTable(report, html);
        for (String category : report.categories()) {
            html.append("<h2 id=\"").append(escape(category)).append("\">").append(escape(category))
                    .append("</h2>\n");
            for (RunResult run : report.runs()) {
                if (run.key().category().equals(category)) {
                    runSection(run, html);
                }
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.write(output.resolve(FILE), out -> out.write(html.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void summaryTable(EvaluationReport report, StringBuilder html) {
        html.append("<table><tr><th>category</th>");
        for (Metric metric : Metric.values()) {
            html.append("<th>").append(metric.label()).append("</th>");
        }
        html.append("</tr>\n");
        for (String category : report.categories()) {
            html.append("<tr><td><a href=\"#").append(escape(category)).append("\">").append(escape(category))
                    .append("</a></td>");
            for (Metric metric : Metric.values()) {
                html.append("<td>").append(cell(report.categorySummary(category, metric))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("<tr><th>mean</th>");
        for (Metric metric : Metric.values()) {
            html.append("<th>").append(cell(report.macroSummary(metric))).append("</th>");
        }
        html.append("</tr></table>\n");
    }

    /** The template and every ablation variant side by side: their macro means. */
    private static void ablationTable(EvaluationReport report, StringBuilder html) {
        if (report.plan().ablations().isEmpty()) {
            return;
        }
        html.append("<h2>Ablations</h2>\n<table><tr><th>variant</th><th>settings</th>");
        for (Metric metric : Metric.values()) {
            html.append("<th>").append(metric.label()).append("</th>");
        }
        html.append("</tr>\n<tr><td>as configured</td><td>template '").append(escape(report.plan().template()))
                .append("'</td>");
        for (Metric metric : Metric.values()) {
            html.append("<td>").append(cell(report.macroSummary("", metric))).append("</td>");
        }
        html.append("</tr>\n");
        for (Ablation ablation : report.plan().ablations()) {
            html.append("<tr><td>").append(escape(ablation.name())).append("</td><td>")
                    .append(escape(ablation.overrides().toString())).append("</td>");
            for (Metric metric : Metric.values()) {
                html.append("<td>").append(cell(report.macroSummary(ablation.name(), metric))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Per component map: its range on normal and anomalous pixels and its share of the fused map. */
    private static void balanceTable(RunResult run, StringBuilder html) {
        if (run.balance().isEmpty()) {
            return;
        }
        html.append("<p>Fusion balance (maps as fused, on the evaluation grid):</p><table><tr><th>map</th>"
                + "<th>normal pixels min / mean / max</th><th>anomalous pixels min / mean / max</th>"
                + "<th>share of the fused map</th></tr>\n");
        for (MapBalance map : run.balance()) {
            html.append("<tr><td>").append(escape(map.role())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.4g / %.4g / %.4g", map.normalMin(), map.normalMean(),
                            map.normalMax()))
                    .append("</td><td>").append(Double.isNaN(map.anomalousMean()) ? "–"
                            : String.format(Locale.ROOT, "%.4g / %.4g / %.4g", map.anomalousMin(),
                            map.anomalousMean(), map.anomalousMax()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f %%", 100 * map.share()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        run.provenance().map(p -> p.method().get("fusion.mapScaling")).ifPresent(scaling -> html.append(
                "<p>Map scaling: ").append(escape(scaling)).append("</p>\n"));
    }

    private static void runSection(RunResult run, StringBuilder html) {
        html.append("<h3>seed ").append(run.key().seed()).append("</h3>\n");
        if (!run.succeeded()) {
            html.append("<p class=\"failed\">Failed: ").append(escape(run.failure().orElseThrow())).append("</p>\n");
        } else {
            html.append("<p>").append(run.images()).append(" images (").append(run.anomalous())
                    .append(" anomalous) in ").append(String.format(Locale.ROOT, "%.1f s", run.seconds()));
            run.pixelMetrics().ifPresent(pixel -> html.append(String.format(Locale.ROOT,
                    "; pixel AUROC ± %.1e, AUPRO ± %.1e (binning bounds)", pixel.aurocErrorBound(),
                    pixel.auproErrorBound())));
            html.append(".</p>\n");
            if (!run.referenceIds().isEmpty()) {
                html.append("<p>References: ").append(escape(String.join(", ", run.referenceIds()))).append("</p>\n");
            }
            balanceTable(run, html);
            html.append("<p>Image scores (blue normal, red anomalous):<br>")
                    .append(ScoreHistogramSvg.of(run.scores())).append("</p>\n");
            gallery(run, html, false, "Highest-scored normal images");
            gallery(run, html, true, "Highest-scored anomalous images (ground truth outlined in green)");
        }
        if (!run.skipped().isEmpty()) {
            html.append("<details><summary>").append(run.skipped().size()).append(" skipped</summary><ul>");
            for (Skipped skipped : run.skipped()) {
                html.append("<li>").append(escape(skipped.file())).append(": ").append(escape(skipped.message()))
                        .append("</li>");
            }
            html.append("</ul></details>\n");
        }
    }

    private static void gallery(RunResult run, StringBuilder html, boolean anomalous, String title) {
        html.append("<h4>").append(title).append("</h4><div>");
        for (GalleryImage picture : run.gallery()) {
            if (picture.anomalous() == anomalous) {
                html.append("<figure><img src=\"").append(escape(picture.overlay())).append("\" alt=\"")
                        .append(escape(picture.imageId())).append("\"><figcaption>").append(escape(picture.imageId()))
                        .append(String.format(Locale.ROOT, " — %.4f", picture.score())).append("</figcaption></figure>");
            }
        }
        html.append("</div>\n");
    }

    private static String cell(Optional<MetricSummary> summary) {
        return summary.map(value -> value.toPercentString(1)).orElse("–");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
