package org.clipfusion.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

class MonitoringComponentTest {

    @Test
    void eventsAreCountedInPrometheusAndJmxAndTheTotalsOutliveTheComponent(@TempDir Path data) throws Exception {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
        try {
            MonitoringComponent first = activated();
            first.handleEvent(result("screw", "ANOMALOUS", 2_000_000_000L));
            first.handleEvent(result("screw", "NORMAL", 1_000_000_000L));
            first.handleEvent(new Event("org/clipfusion/failure/screw", Map.of("category", "screw", "message", "x")));

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("org.clipfusion:type=Monitoring");
            assertEquals(2L, server.getAttribute(name, "DetectionsTotal"));
            assertEquals(1L, server.getAttribute(name, "AnomalousTotal"));
            assertEquals(1L, server.getAttribute(name, "ErrorsTotal"));
            assertEquals(0L, server.getAttribute(name, "OutboxDepth"));
            String text = scrape(first);
            assertTrue(text.contains("clipfusion_scorer_duration_seconds_count{scorer=\"patchclip\"} 2"), text);
            assertTrue(text.contains("clipfusion_detection_duration_seconds_sum{category=\"screw\"} 3.0"), text);
            first.deactivate();
            assertTrue(!server.isRegistered(name));

            MonitoringComponent second = activated(); // a configuration change or bundle update: a new instance
            assertTrue(scrape(second).contains("clipfusion_detections_total{category=\"screw\",decision=\"ANOMALOUS\"} "
                    + "1.0"));
            assertEquals(2L, server.getAttribute(name, "DetectionsTotal"));
            second.deactivate();
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }

    private static MonitoringComponent activated() {
        MonitoringComponent component = new MonitoringComponent();
        component.scorers = List.of();
        component.activate(null);
        return component;
    }

    private static Event result(String category, String decision, long nanos) {
        return new Event("org/clipfusion/result/" + category, Map.of("category", category, "decision", decision,
                "durationNanos", nanos, "scorerNanos", Map.of("patchclip", nanos / 2)));
    }

    private static String scrape(MonitoringComponent component) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        component.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
