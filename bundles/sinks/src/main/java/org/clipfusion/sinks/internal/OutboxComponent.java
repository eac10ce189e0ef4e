package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultOutbox;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkFailure;
import org.clipfusion.sinks.SinkMonitor;
import org.clipfusion.sinks.SinkProperties;
import org.clipfusion.sinks.SinkStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox} as a service: the engine appends through {@link ResultOutbox}, every {@link ResultSink} service
 * (whiteboard, tracked dynamically) gets a delivery loop, and {@link SinkMonitor} feeds {@code clipfusion:sinks}.
 */
@Component(service = {ResultOutbox.class, SinkMonitor.class}, immediate = true,
        configurationPid = OutboxComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OutboxConfig.class)
public class OutboxComponent implements ResultOutbox, SinkMonitor {
    static final String PID = "org.clipfusion.sinks.outbox";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxComponent.class);

    /** Sinks bound before activation or while the outbox could not open, by service instance. */
    private final Map<ResultSink, String> sinks = new ConcurrentHashMap<>();
    /** Sink failures bound before activation; guarded by this. */
    private final Set<SinkFailure> failures = new HashSet<>();
    private volatile Outbox outbox;
    private ScheduledExecutorService housekeeping;

    @Activate
    void activate(OutboxConfig config) throws IOException {
        String karafData = System.getProperty("karaf.data", "data");
        OutboxSettings settings = OutboxSettings.from(config, Path.of(karafData, "clipfusion", "outbox"));
        Outbox opened = Outbox.open(settings, Clock.systemUTC());
        synchronized (this) {
            outbox = opened;
            sinks.forEach(this::start);
            failures.forEach(opened::addFailure);
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clipfusion-outbox-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(opened::housekeep, 1, 1, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        housekeeping.shutdownNow();
        Outbox current;
        synchronized (this) {
            current = outbox;
            outbox = null;
        }
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void append(DetectionResult result) throws IOException {
        Outbox current = outbox;
        if (current == null) {
            throw new IOException("the result outbox is not open");
        }
        current.append(result);
    }

    @Override
    public List<SinkStatus> sinks() {
        Outbox current = outbox;
        return current == null ? List.of() : current.statuses();
    }

    @Override
    public boolean forget(String sinkId) throws IOException {
        Outbox current = outbox;
        return current != null && current.forget(sinkId);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSink(ResultSink sink, Map<String, Object> properties) {
        Object kind = properties.get(SinkProperties.KIND);
        String kindName = kind == null ? "?" : kind.toString();
        synchronized (this) {
            sinks.put(sink, kindName);
            if (outbox != null) {
                start(sink, kindName);
            }
        }
    }

    void unbindSink(ResultSink sink) {
        Outbox current;
        synchronized (this) {
            sinks.remove(sink);
            current = outbox;
        }
        if (current != null) {
            current.removeSink(sink);
        }
    }

    /** Sink components register a {@link SinkFailure} instead of their sink when they cannot start. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSinkFailure(SinkFailure failure) {
        synchronized (this) {
            failures.add(failure);
            if (outbox != null) {
                outbox.addFailure(failure);
            }
        }
    }

    void unbindSinkFailure(SinkFailure failure) {
        synchronized (this) {
            failures.remove(failure);
            if (outbox != null) {
                outbox.removeFailure(failure);
            }
        }
    }

    private void start(ResultSink sink, String kind) {
        try {
            outbox.addSink(sink, kind);
        } catch (IOException | RuntimeException e) {
            LOG.error("sink '{}' ({}) cannot be served by the outbox: {}", sink.id(), kind, e.getMessage());
        }
    }
}
