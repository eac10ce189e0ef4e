package org.clipfusion.sinks;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a configured sink as a {@link ResultSink} service with its id and kind as properties. Sink components do
 * this themselves rather than through DS, because a sink's id is known only after its configuration was checked.
 */
public final class SinkRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRegistration.class);

    private SinkRegistration() {
    }

    public static ServiceRegistration<ResultSink> register(BundleContext context, ResultSink sink, String kind) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ID, sink.id());
        properties.put(SinkProperties.KIND, kind);
        return context.registerService(ResultSink.class, sink, properties);
    }

    /**
     * Registers a sink that could not start, so that the outbox lists it as FAILED with the reason (and logs the
     * reason once, at ERROR). Unregister it when the component is deactivated, as a sink's registration.
     *
     * @param configuredId the {@code id} property as configured (may be empty or invalid)
     * @param properties   the component's properties, for the configuration's name or PID
     */
    public static ServiceRegistration<SinkFailure> registerFailure(BundleContext context, String configuredId,
                                                                   Map<String, ?> properties, String kind,
                                                                   String reason) {
        String id;
        try {
            id = SinkIds.of(configuredId, properties);
        } catch (IllegalArgumentException e) {
            id = String.valueOf(properties.get("service.pid"));
        }
        LOG.error("{} sink '{}' not started: {}", kind, id, reason);
        SinkFailure failure = new SinkFailure(id, kind, reason);
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(ServiceProperties.ID, id);
        serviceProperties.put(SinkProperties.KIND, kind);
        return context.registerService(SinkFailure.class, failure, serviceProperties);
    }
}
