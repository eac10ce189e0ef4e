package org.clipfusion.monitoring.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;
import java.util.function.Supplier;

import org.clipfusion.runtime.RuntimeStatus;
import org.clipfusion.sinks.SinkStatus;

/**
 * Metrics read at scrape time from the services that own the figures: the outbox's sinks, the registered scorers and
 * their models, the compute runtime's memory. Nothing is cached, so a scrape always shows the current state.
 */
final class PlantGauges {

    /** A registered scorer and the models it runs, as a scrape sees them. */
    record ScorerView(String id, List<ModelView> models) {
    }

    record ModelView(String id, String sha256) {
    }

    PlantGauges(PrometheusRegistry registry, Supplier<List<SinkStatus>> sinks, Supplier<List<ScorerView>> scorers,
                Supplier<RuntimeStatus> runtime) {
        GaugeWithCallback.builder().name("clipfusion_outbox_depth")
                .help("Results in the outbox not yet delivered to every sink (the largest backlog of any sink)")
                .callback(cb -> cb.call(sinks.get().stream().mapToLong(SinkStatus::backlog).max().orElse(0)))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_outbox_oldest_age_seconds")
                .help("Age of the oldest result some sink has not yet confirmed; 0 when everything is delivered")
                .callback(cb -> cb.call(sinks.get().stream().mapToDouble(s -> s.oldestAge().toMillis() / 1000.0)
                        .max().orElse(0)))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_sink_backlog")
                .help("Results waiting for this sink").labelNames("sink", "kind")
                .callback(cb -> sinks.get().forEach(s -> cb.call(s.backlog(), s.id(), s.kind())))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_sink_lag_seconds")
                .help("Age of the oldest result this sink has not confirmed; 0 when it is up to date")
                .labelNames("sink", "kind")
                .callback(cb -> sinks.get().forEach(s -> cb.call(s.oldestAge().toMillis() / 1000.0, s.id(),
                        s.kind())))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_sink_state")
                .help("1 for the sink's current delivery state (IDLE, DELIVERING, BACKING_OFF, ABSENT)")
                .labelNames("sink", "state")
                .callback(cb -> sinks.get().forEach(s -> cb.call(1, s.id(), s.state().name())))
                .register(registry);
        sinkCounter(registry, "clipfusion_sink_delivered", "Results this sink confirmed, since the outbox started",
                sinks, SinkStatus::delivered);
        sinkCounter(registry, "clipfusion_sink_rejected", "Results this sink refused as undeliverable (skipped)",
                sinks, SinkStatus::rejected);
        sinkCounter(registry, "clipfusion_sink_dropped", "Results this sink lost to the outbox's bounds", sinks,
                SinkStatus::dropped);
        GaugeWithCallback.builder().name("clipfusion_scorer_loaded")
                .help("1 for every scorer registered and able to score (its models are loaded)").labelNames("scorer")
                .callback(cb -> scorers.get().forEach(s -> cb.call(1, s.id())))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_model_loaded")
                .help("1 for every model a registered scorer runs, with its weights' SHA-256")
                .labelNames("scorer", "model", "sha256")
                .callback(cb -> scorers.get().forEach(s -> s.models().forEach(m -> cb.call(1, s.id(), m.id(),
                        m.sha256()))))
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_native_memory_bytes")
                .help("Off-heap tensor memory in use (ND4J/JavaCPP) and its cap").labelNames("kind")
                .callback(cb -> {
                    RuntimeStatus status = runtime.get();
                    if (status != null) {
                        cb.call(status.nativeBytesInUse(), "in_use");
                        cb.call(status.maxNativeBytes(), "cap");
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("clipfusion_resident_memory_bytes")
                .help("Resident memory of the JVM process (what the models occupy) and its cap").labelNames("kind")
                .callback(cb -> {
                    RuntimeStatus status = runtime.get();
                    if (status != null) {
                        cb.call(status.physicalBytes(), "in_use");
                        cb.call(status.maxPhysicalBytes(), "cap");
                    }
                })
                .register(registry);
    }

    private static void sinkCounter(PrometheusRegistry registry, String name, String help,
                                    Supplier<List<SinkStatus>> sinks,
                                    java.util.function.ToLongFunction<SinkStatus> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("sink", "kind")
                .callback(cb -> sinks.get().forEach(s -> cb.call(value.applyAsLong(s), s.id(), s.kind())))
                .register(registry);
    }
}
