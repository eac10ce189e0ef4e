package org.clipfusion.sinks;

import java.util.Dictionary;
import java.util.Hashtable;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a configured sink as a {@link ResultSink} service with its id and kind as properties. Sink components do
 * this themselves rather than through DS, because a sink's id is known only after its configuration was checked.
 */
public final class SinkRegistration {
    private SinkRegistration() {
    }

    public static ServiceRegistration<ResultSink> register(BundleContext context, ResultSink sink, String kind) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ID, sink.id());
        properties.put(SinkProperties.KIND, kind);
        return context.registerService(ResultSink.class, sink, properties);
    }
}
