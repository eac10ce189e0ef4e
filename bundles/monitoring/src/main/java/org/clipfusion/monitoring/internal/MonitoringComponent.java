package org.clipfusion.monitoring.internal;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.monitoring.MetricsExposition;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.clipfusion.sinks.SinkMonitor;
import org.clipfusion.sinks.SinkStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every detection and failure the engine announces (whatever the entry point: shell, HTTP, Kafka,
 * evaluation), reads the outbox, scorers and memory at scrape time, and offers both as Prometheus text and as a JMX
 * MBean. The totals are saved every few seconds and at deactivation and restored at activation, so they survive
 * configuration changes, bundle updates and restarts.
 */
@Component(immediate = true, service = {MetricsExposition.class, EventHandler.class},
        property = {"event.topics=org/clipfusion/result/*", "event.topics=org/clipfusion/failure/*"})
public class MonitoringComponent implements MetricsExposition, EventHandler, MonitoringMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringComponent.class);
    private static final String OBJECT_NAME = "org.clipfusion:type=Monitoring";
    private static final long SAVE_PERIOD_SECONDS = 5;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SinkMonitor sinkMonitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ComputeRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Scorer> scorers;

    /** Metrics of concerns that may be absent (the Kafka cluster): see {@link MetricsContributor}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<MetricsContributor> contributors;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);
    private DetectionMetrics detections;
    private TotalsFile totalsFile;
    private ScheduledExecutorService saver;
    private volatile boolean dirty;

    @Activate
    void activate(BundleContext context) {
        detections = new DetectionMetrics(registry);
        new PlantGauges(registry, this::sinks, this::scorerViews, this::runtimeStatus);
        totalsFile = new TotalsFile(dataDirectory(context).resolve("totals.properties"));
        try {
            detections.restore(totalsFile.read());
        } catch (IOException | RuntimeException e) {
            LOG.warn("metric totals could not be restored ({}); counting from zero", e.toString());
        }
        saver = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "clipfusion-metrics-save"));
        saver.scheduleWithFixedDelay(this::saveIfChanged, SAVE_PERIOD_SECONDS, SAVE_PERIOD_SECONDS,
                TimeUnit.SECONDS);
        registerMBean();
    }

    @Deactivate
    void deactivate() {
        unregisterMBean();
        saver.shutdownNow();
        dirty = true;
        saveIfChanged();
    }

    @Override
    public void handleEvent(Event event) {
        Object category = event.getProperty("category");
        if (category == null) {
            return;
        }
        if (event.getTopic().startsWith("org/clipfusion/failure/")) {
            detections.failed(category.toString());
        } else {
            Object nanos = event.getProperty("durationNanos");
            double seconds = nanos instanceof Long value ? value / 1e9 : -1;
            detections.detected(category.toString(), String.valueOf(event.getProperty("decision")), seconds);
            if (event.getProperty("scorerNanos") instanceof Map<?, ?> scorers) {
                scorers.forEach((scorer, scorerNanos) -> {
                    if (scorerNanos instanceof Long value && value >= 0) {
                        detections.scored(String.valueOf(scorer), value / 1e9);
                    }
                });
            }
        }
        dirty = true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        registry.scrape().forEach(all::metricSnapshot);
        List<MetricsContributor> current = contributors;
        if (current != null) {
            current.forEach(contributor -> contributor.scrape().forEach(all::metricSnapshot));
        }
        writer.write(out, all.build());
    }

    // --- JMX ----------------------------------------------------------------------------------------------------

    @Override
    public long getDetectionsTotal() {
        return sum("detections|");
    }

    @Override
    public long getAnomalousTotal() {
        return detections.totals().entrySet().stream().filter(e -> e.getKey().startsWith("detections|")
                && e.getKey().endsWith("|ANOMALOUS")).mapToLong(e -> e.getValue().longValue()).sum();
    }

    @Override
    public long getErrorsTotal() {
        return sum("errors|");
    }

    @Override
    public Map<String, Long> getDetectionsByCategory() {
        Map<String, Long> byCategory = new TreeMap<>();
        detections.totals().forEach((key, value) -> {
            String[] parts = key.split("\\|", -1);
            if (parts[0].equals("detections") && parts.length == 3) {
                byCategory.merge(parts[1], value.longValue(), Long::sum);
            }
        });
        return byCategory;
    }

    @Override
    public long getOutboxDepth() {
        return sinks().stream().mapToLong(SinkStatus::backlog).max().orElse(0);
    }

    @Override
    public double getOutboxOldestAgeSeconds() {
        return sinks().stream().mapToDouble(s -> s.oldestAge().toMillis() / 1000.0).max().orElse(0);
    }

    @Override
    public String[] getLoadedScorers() {
        return scorerViews().stream().map(PlantGauges.ScorerView::id).sorted().toArray(String[]::new);
    }

    @Override
    public long getNativeMemoryBytes() {
        RuntimeStatus status = runtimeStatus();
        return status == null ? 0 : status.nativeBytesInUse();
    }

    // --- sources ------------------------------------------------------------------------------------------------

    private long sum(String prefix) {
        return detections.totals().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().longValue()).sum();
    }

    private List<SinkStatus> sinks() {
        SinkMonitor monitor = sinkMonitor;
        return monitor == null ? List.of() : monitor.sinks();
    }

    private RuntimeStatus runtimeStatus() {
        ComputeRuntime current = runtime;
        return current == null ? null : current.status();
    }

    private List<PlantGauges.ScorerView> scorerViews() {
        List<Scorer> current = scorers;
        List<PlantGauges.ScorerView> views = new ArrayList<>();
        if (current != null) {
            for (Scorer scorer : current) {
                List<PlantGauges.ModelView> models = new ArrayList<>();
                for (ModelInfo model : scorer.models()) {
                    models.add(new PlantGauges.ModelView(model.id(), model.sha256()));
                }
                views.add(new PlantGauges.ScorerView(scorer.id(), models));
            }
        }
        return views;
    }

    private void saveIfChanged() {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            totalsFile.write(detections.totals());
        } catch (IOException | RuntimeException e) {
            dirty = true;
            LOG.warn("metric totals could not be saved: {}", e.toString());
        }
    }

    private static Path dataDirectory(BundleContext context) {
        String karafData = System.getProperty("karaf.data");
        if (karafData != null) {
            return Paths.get(karafData, "clipfusion", "monitoring");
        }
        return context.getDataFile("monitoring").toPath();
    }

    private void registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (Exception e) {
            LOG.warn("the JMX MBean {} could not be registered: {}", OBJECT_NAME, e.toString());
        }
    }

    private void unregisterMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            LOG.debug("JMX unregistration failed", e);
        }
    }
}
