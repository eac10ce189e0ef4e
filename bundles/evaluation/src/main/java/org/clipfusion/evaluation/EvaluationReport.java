package org.clipfusion.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.clipfusion.metrics.MetricSummary;

/**
 * Every finished run of an evaluation, and the tables made of them.
 *
 * @param plan the plan that was run
 * @param runs the runs, in category then seed order
 */
public record EvaluationReport(EvaluationPlan plan, List<RunResult> runs) {
    public EvaluationReport {
        Objects.requireNonNull(plan, "plan");
        runs = List.copyOf(runs);
    }

    /** The categories with at least one run, in run order. */
    public List<String> categories() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> names.add(run.key().category()));
        return List.copyOf(names);
    }

    /** The seeds with at least one run, in run order. */
    public List<Long> seeds() {
        Set<Long> seeds = new LinkedHashSet<>();
        runs.forEach(run -> seeds.add(run.key().seed()));
        return List.copyOf(seeds);
    }

    /** A category's metric over its seeds (mean ± sample std); empty when no run defines it. */
    public Optional<MetricSummary> categorySummary(String category, Metric metric) {
        List<Double> values = new ArrayList<>();
        for (RunResult run : runs) {
            if (run.key().category().equals(category)) {
                metric.of(run).ifPresent(values::add);
            }
        }
        return summarize(values);
    }

    /**
     * The macro mean of the template's runs: for each seed the mean over the categories that define the metric, then
     * mean ± sample std of those means over the seeds (the paper tables' "mean ± std over seeds"). Ablation variants
     * have their own, {@link #macroSummary(String, Metric)}.
     */
    public Optional<MetricSummary> macroSummary(Metric metric) {
        return macroSummary("", metric);
    }

    /** The macro mean of one ablation variant's runs ({@code ""} = the template as it is). */
    public Optional<MetricSummary> macroSummary(String variant, Metric metric) {
        Map<Long, List<Double>> perSeed = new LinkedHashMap<>();
        for (RunResult run : runs) {
            if (!Ablation.variantOf(run.key().category()).equals(variant)) {
                continue;
            }
            OptionalDouble value = metric.of(run);
            if (value.isPresent()) {
                perSeed.computeIfAbsent(run.key().seed(), seed -> new ArrayList<>()).add(value.getAsDouble());
            }
        }
        List<Double> means = new ArrayList<>();
        perSeed.values().forEach(values -> means.add(values.stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow()));
        return summarize(means);
    }

    /** The runs that failed as a whole. */
    public List<RunResult> failures() {
        return runs.stream().filter(run -> !run.succeeded()).toList();
    }

    private static Optional<MetricSummary> summarize(List<Double> values) {
        return values.isEmpty() ? Optional.empty()
                : Optional.of(MetricSummary.of(values.stream().mapToDouble(Double::doubleValue).toArray()));
    }
}
