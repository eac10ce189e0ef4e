package org.clipfusion.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionMetricsTest {

    @Test
    void countsAndLatenciesInThePrometheusTextFormat() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        DetectionMetrics metrics = new DetectionMetrics(registry);
        metrics.detected("hazelnut", "ANOMALOUS", 0.3);
        metrics.detected("hazelnut", "ANOMALOUS", 7);
        metrics.detected("hazelnut", "NORMAL", 0.02);
        metrics.failed("screw");
        metrics.scored("patchclip", 12);
        String text = scrape(registry);
        assertTrue(text.contains("clipfusion_detections_total{category=\"hazelnut\",decision=\"ANOMALOUS\"} 2.0"),
                text);
        assertTrue(text.contains("clipfusion_detections_total{category=\"hazelnut\",decision=\"NORMAL\"} 1.0"), text);
        assertTrue(text.contains("clipfusion_detection_errors_total{category=\"screw\"} 1.0"), text);
        // buckets are cumulative: 0.02 ≤ 0.025; 0.3 ≤ 0.5; 7 ≤ 10
        assertTrue(text.contains("clipfusion_detection_duration_seconds_bucket{category=\"hazelnut\",le=\"0.025\"} 1"),
                text);
        assertTrue(text.contains("clipfusion_detection_duration_seconds_bucket{category=\"hazelnut\",le=\"0.5\"} 2"),
                text);
        assertTrue(text.contains("clipfusion_detection_duration_seconds_bucket{category=\"hazelnut\",le=\"10.0\"} 3"),
                text);
        java.util.regex.Matcher sum = java.util.regex.Pattern.compile(
                "clipfusion_detection_duration_seconds_sum\\{category=\"hazelnut\"} (\\S+)").matcher(text);
        assertTrue(sum.find(), text);
        assertEquals(0.3 + 7 + 0.02, Double.parseDouble(sum.group(1)), 1e-9);
        assertTrue(text.contains("clipfusion_scorer_duration_seconds_count{scorer=\"patchclip\"} 1"), text);
    }

    @Test
    void totalsSurviveASaveAndARestoreIntoFreshCounters(@TempDir Path folder) throws Exception {
        DetectionMetrics before = new DetectionMetrics(new PrometheusRegistry());
        for (int i = 0; i < 5; i++) {
            before.detected("pcb", "NORMAL", 1);
        }
        before.failed("pcb");
        TotalsFile file = new TotalsFile(folder.resolve("totals.properties"));
        file.write(before.totals());

        PrometheusRegistry registry = new PrometheusRegistry();
        DetectionMetrics after = new DetectionMetrics(registry);
        after.restore(file.read());
        after.detected("pcb", "NORMAL", 1);
        assertEquals(Map.of("detections|pcb|NORMAL", 6.0, "errors|pcb", 1.0), after.totals());
        assertTrue(scrape(registry).contains("clipfusion_detections_total{category=\"pcb\",decision=\"NORMAL\"} 6.0"));
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
