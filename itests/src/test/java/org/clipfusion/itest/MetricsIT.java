package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * {@code /metrics} after a known number of detections through the built distribution: 5 anomalous and 2 normal
 * inspections and 1 failing one give exactly those counts, 7 latency observations per category and per scorer, 7
 * deliveries to the file sink and an empty outbox; the totals are the same after a Karaf restart.
 */
public class MetricsIT {

    @Test
    public void countsAfterKnownDetectionsSurviveARestart() throws Exception {
        Path work = Path.of(System.getProperty("clipfusion.examDir"), "metrics");
        ItestFiles.deleteRecursively(work);
        Path bright = ItestImages.png(work.resolve("images"), "bright.png", 200, true);
        Path dark = ItestImages.png(work.resolve("images"), "dark.png", 10, false);
        KarafProcess karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")),
                work.resolve("karaf"), System.getProperty("clipfusion.javacppCache"));
        karaf.deploy(Path.of(System.getProperty("clipfusion.checkBundle")));
        karaf.writeConfiguration("org.clipfusion.itest.brightness.cfg", "enabled = true");
        karaf.writeConfiguration("org.clipfusion.category-gauge.cfg", "name = gauge", "scorers = itest-brightness",
                "thresholdMode = value", "threshold = 0.2");
        karaf.writeConfiguration("org.clipfusion.category-ghost.cfg", "name = ghost", "scorers = no-such-scorer");
        karaf.writeConfiguration("org.clipfusion.sinks.file-archive.cfg", "directory = " + work.resolve("archive"));
        HttpApiClient api = new HttpApiClient(karaf.httpPort());
        try {
            karaf.start();
            KarafProcess.awaitTrue("health UP", 120, () -> api.get("/api/v1/health", null).status() == 200);
            String operator = karaf.shellOk("clipfusion:token-create --role operator mes").trim();
            String viewer = karaf.shellOk("clipfusion:token-create --role viewer prometheus").trim();

            for (int i = 0; i < 5; i++) {
                assertEquals(201, api.inspect(operator, "gauge", "bright-" + i, bright).status());
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(201, api.inspect(operator, "gauge", "dark-" + i, dark).status());
            }
            HttpApiClient.Reply failed = api.inspect(operator, "ghost", "ghost-1", bright);
            assertEquals(failed.text(), 422, failed.status());
            assertEquals("detection_failed", failed.errorCode());

            assertEquals(401, api.get("/metrics", null).status());
            HttpApiClient.Reply scrape = api.get("/metrics", viewer);
            assertEquals(200, scrape.status());
            assertTrue(scrape.contentType(), scrape.contentType().startsWith("text/plain; version=0.0.4"));

            KarafProcess.awaitTrue("the counts and an empty outbox", 60, () -> {
                String text = api.get("/metrics", viewer).text();
                return value(text, "clipfusion_detections_total{category=\"gauge\",decision=\"ANOMALOUS\"}") == 5
                        && value(text, "clipfusion_sink_delivered_total{kind=\"file\",sink=\"archive\"}") == 7
                        && value(text, "clipfusion_detection_errors_total{category=\"ghost\"}") == 1;
            });
            String text = api.get("/metrics", viewer).text();
            assertEquals(text, 2, value(text, "clipfusion_detections_total{category=\"gauge\",decision=\"NORMAL\"}"),
                    0);
            assertEquals(text, 7, value(text, "clipfusion_detection_duration_seconds_count{category=\"gauge\"}"), 0);
            assertEquals(text, 7, value(text, "clipfusion_detection_duration_seconds_bucket{category=\"gauge\","
                    + "le=\"+Inf\"}"), 0);
            assertEquals(text, 7, value(text, "clipfusion_scorer_duration_seconds_count{scorer=\"itest-brightness\"}"),
                    0);
            assertEquals(text, 0, value(text, "clipfusion_outbox_depth"), 0);
            assertEquals(text, 0, value(text, "clipfusion_sink_backlog{kind=\"file\",sink=\"archive\"}"), 0);
            assertEquals(text, 1, value(text, "clipfusion_scorer_loaded{scorer=\"itest-brightness\"}"), 0);
            assertEquals(text, 1, value(text, "clipfusion_model_loaded{model=\"itest-brightness-model\","
                    + "scorer=\"itest-brightness\",sha256=\"" + "0".repeat(64) + "\"}"), 0);
            assertTrue(text, value(text, "clipfusion_resident_memory_bytes{kind=\"in_use\"}") > 0);

            karaf.stop();
            karaf.start();
            KarafProcess.awaitTrue("health UP after the restart", 120,
                    () -> api.get("/api/v1/health", null).status() == 200);
            String restarted = api.get("/metrics", viewer).text();
            assertEquals(restarted, 5, value(restarted, "clipfusion_detections_total{category=\"gauge\","
                    + "decision=\"ANOMALOUS\"}"), 0);
            assertEquals(restarted, 2, value(restarted, "clipfusion_detections_total{category=\"gauge\","
                    + "decision=\"NORMAL\"}"), 0);
            assertEquals(restarted, 1, value(restarted, "clipfusion_detection_errors_total{category=\"ghost\"}"), 0);
            assertEquals(201, api.inspect(operator, "gauge", "bright-after-restart", bright).status());
            KarafProcess.awaitTrue("the count going on from 5", 30, () -> value(api.get("/metrics", viewer).text(),
                    "clipfusion_detections_total{category=\"gauge\",decision=\"ANOMALOUS\"}") == 6);
        } finally {
            karaf.stop();
        }
    }

    /** The sample's value, or -1 when the scrape has no such sample. */
    private static double value(String scrape, String sample) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
