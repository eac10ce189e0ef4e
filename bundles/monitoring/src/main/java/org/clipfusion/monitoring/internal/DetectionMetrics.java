package org.clipfusion.monitoring.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters and latency histograms fed by result and failure events. Totals can be seeded from a saved state
 * ({@link #restore}), so that a bundle update or a restart does not send {@code clipfusion_detections_total} back to
 * zero (a plant's dashboards show totals, not only rates).
 */
final class DetectionMetrics {
    /** Seconds; PatchCLIP takes seconds per image on a CPU, MapDiff minutes, a GPU milliseconds. */
    static final double[] LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
        1200};

    final Counter detections;
    final Counter errors;
    final Histogram latency;
    final Histogram scorerLatency;

    DetectionMetrics(PrometheusRegistry registry) {
        detections = Counter.builder().name("clipfusion_detections")
                .help("Detections completed, by category and decision (NORMAL, ANOMALOUS, UNDECIDED)")
                .labelNames("category", "decision").register(registry);
        errors = Counter.builder().name("clipfusion_detection_errors")
                .help("Detections that failed (unknown category, scorer failure, outbox full), by category")
                .labelNames("category").register(registry);
        latency = Histogram.builder().name("clipfusion_detection_duration_seconds")
                .help("End-to-end detection time inside the engine (all scorers, fusion, threshold, outbox), by "
                        + "category")
                .labelNames("category").classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        scorerLatency = Histogram.builder().name("clipfusion_scorer_duration_seconds")
                .help("Time one scorer took on one image (scorers of a detection run in parallel), by scorer")
                .labelNames("scorer").classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    }

    void scored(String scorer, double seconds) {
        scorerLatency.labelValues(scorer).observe(seconds);
    }

    void detected(String category, String decision, double seconds) {
        detections.labelValues(category, decision).inc();
        if (seconds >= 0) {
            latency.labelValues(category).observe(seconds);
        }
    }

    void failed(String category) {
        errors.labelValues(category).inc();
    }

    /** The counters' current values, keyed {@code metric|label=value|...}, for {@link TotalsFile}. */
    Map<String, Double> totals() {
        Map<String, Double> totals = new LinkedHashMap<>();
        collect("detections", detections.collect(), totals);
        collect("errors", errors.collect(), totals);
        return totals;
    }

    /** Adds saved totals to the (fresh) counters. Keys of unknown shape are ignored. */
    void restore(Map<String, Double> totals) {
        totals.forEach((key, value) -> {
            String[] parts = key.split("\\|", -1);
            if (value <= 0 || !Double.isFinite(value)) {
                return;
            }
            if (parts[0].equals("detections") && parts.length == 3) {
                detections.labelValues(parts[1], parts[2]).inc(value);
            } else if (parts[0].equals("errors") && parts.length == 2) {
                errors.labelValues(parts[1]).inc(value);
            }
        });
    }

    private static void collect(String metric, CounterSnapshot snapshot, Map<String, Double> totals) {
        for (CounterSnapshot.CounterDataPointSnapshot point : snapshot.getDataPoints()) {
            StringBuilder key = new StringBuilder(metric);
            Labels labels = point.getLabels();
            for (int i = 0; i < labels.size(); i++) {
                key.append('|').append(labels.getValue(i));
            }
            totals.put(key.toString(), point.getValue());
        }
    }
}
