package org.clipfusion.monitoring.internal.cluster;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;
import org.clipfusion.kafka.ClusterMonitor;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.monitoring.internal.MetricsContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This node's place in its Kafka cluster as metrics, read from the {@link ClusterMonitor} once per scrape: what
 * {@code clipfusion:cluster} shows. The component activates only while the Kafka bundle registers its monitor, so
 * monitoring runs without Kafka (the bundle imports {@code org.clipfusion.kafka} optionally).
 */
@Component(service = MetricsContributor.class)
public class ClusterGauges implements MetricsContributor {

    @Reference
    ClusterMonitor monitor;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** The status this scrape reads: one snapshot, so that the lag total and the partitions' lags agree. */
    private ClusterStatus scraped;

    @Activate
    void activate() {
        register(registry, () -> scraped);
    }

    @Override
    public synchronized MetricSnapshots scrape() {
        scraped = monitor.status();
        try {
            return registry.scrape();
        } finally {
            scraped = null;
        }
    }

    static void register(PrometheusRegistry registry, Supplier<ClusterStatus> cluster) {
        GaugeWithCallback.builder().name("clipfusion_cluster_state")
                .help("1 for this node's state in its consumer group (STARTING, CATCHING_UP, RUNNING, "
                        + "DISCONNECTED, STOPPED)").labelNames("node", "group", "state")
                .callback(cb -> {
                    ClusterStatus s = cluster.get();
                    cb.call(1, s.nodeId(), s.groupId(), s.state());
                })
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_cluster_partitions_owned")
                .help("Request partitions this node owns now").labelNames("topic")
                .callback(cb -> {
                    ClusterStatus s = cluster.get();
                    cb.call(s.partitions().size(), s.requestTopic());
                })
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_cluster_partition_lag")
                .help("Requests waiting in an owned partition (-1 when unknown)").labelNames("topic", "partition")
                .callback(cb -> cluster.get().partitions().forEach(p -> cb.call(p.lag(), p.topic(),
                        Integer.toString(p.partition()))))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_cluster_lag")
                .help("Requests waiting in all partitions this node owns (-1 when unknown)")
                .callback(cb -> cb.call(cluster.get().totalLag()))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_cluster_recipe_version")
                .help("The shared version of each recipe this node knows, with its digest, state and the category "
                        + "version its results name").labelNames("category", "digest", "state", "category_version")
                .callback(cb -> cluster.get().recipes().forEach(r -> cb.call(r.version(), r.category(), r.digest(),
                        r.state(), r.categoryVersion())))
                .register(registry);
        counter(registry, "clipfusion_cluster_inspected", "Requests from Kafka inspected and committed by this node",
                () -> cluster.get().inspected());
        counter(registry, "clipfusion_cluster_rejected", "Requests from Kafka refused and sent to the rejected topic",
                () -> cluster.get().rejected());
        counter(registry, "clipfusion_cluster_commit_failures",
                "Offsets that could not be committed (those requests are redelivered)",
                () -> cluster.get().commitFailures());
        counter(registry, "clipfusion_cluster_inspection_seconds",
                "Time spent inspecting requests from Kafka (inference, fusion, outbox)",
                () -> cluster.get().inspectionNanos() / 1e9);
        counter(registry, "clipfusion_cluster_overhead_seconds",
                "Time spent on requests from Kafka outside the inspection (parsing, decoding, recipes, commits)",
                () -> (cluster.get().handlingNanos() - cluster.get().inspectionNanos()) / 1e9);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, Supplier<Number> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(cb -> cb.call(value.get().doubleValue()))
                .register(registry);
    }
}
