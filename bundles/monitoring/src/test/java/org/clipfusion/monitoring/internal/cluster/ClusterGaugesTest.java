package org.clipfusion.monitoring.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.kafka.ClusterStatus.PartitionStatus;
import org.clipfusion.kafka.ClusterStatus.RecipeStatus;
import org.clipfusion.monitoring.internal.MonitoringComponent;
import org.clipfusion.monitoring.internal.MonitoringComponentAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code clipfusion:cluster} shows is scraped with the other metrics while the Kafka monitor is there. */
class ClusterGaugesTest {

    @Test
    void theClusterStatusIsScrapedWithTheOtherMetrics(@TempDir Path data) throws Exception {
        ClusterStatus status = new ClusterStatus("node-b", "127.0.0.1:9092", "line-it", "requests", "RUNNING",
                List.of(new PartitionStatus("requests", 0, 120, 3), new PartitionStatus("requests", 2, 80, 4)),
                List.of(new RecipeStatus("hazelnut", 2, "ab12cd", "node-a", Instant.EPOCH, "CURRENT",
                        "0123456789abcdef")),
                40, 1, 2, 30_000_000_000L, 32_500_000_000L, "", Instant.EPOCH);
        ClusterGauges gauges = new ClusterGauges();
        AtomicInteger asked = new AtomicInteger();
        gauges.monitor = () -> {
            asked.incrementAndGet();
            return status;
        };
        gauges.activate();
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
        MonitoringComponent monitoring = MonitoringComponentAccess.activated(List.of(gauges));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            monitoring.writeTo(out);
            String text = out.toString(StandardCharsets.UTF_8);

            assertTrue(text.contains("clipfusion_detections_total") || text.contains("clipfusion_outbox_depth"),
                    "the node's own metrics are still there: " + text);
            assertTrue(text.contains("clipfusion_cluster_state{group=\"line-it\",node=\"node-b\",state=\"RUNNING\"} "
                    + "1.0"), text);
            assertTrue(text.contains("clipfusion_cluster_partitions_owned{topic=\"requests\"} 2.0"), text);
            assertTrue(text.contains("clipfusion_cluster_partition_lag{partition=\"2\",topic=\"requests\"} 4.0"), text);
            assertTrue(text.contains("clipfusion_cluster_lag 7.0"), text);
            assertTrue(text.contains("clipfusion_cluster_recipe_version{category=\"hazelnut\",category_version="
                    + "\"0123456789abcdef\",digest=\"ab12cd\",state=\"CURRENT\"} 2.0"), text);
            assertTrue(text.contains("clipfusion_cluster_inspected_total 40.0"), text);
            assertTrue(text.contains("clipfusion_cluster_commit_failures_total 2.0"), text);
            // 32.5 s handling minus 30 s inspection
            assertTrue(text.contains("clipfusion_cluster_overhead_seconds_total 2.5"), text);
            assertEquals(1, asked.get(), "one status per scrape, read by all ten cluster metrics");
        } finally {
            MonitoringComponentAccess.deactivate(monitoring);
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
