package org.clipfusion.kafka.internal.sink;

import java.util.Map;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkRegistration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka sink per factory configuration {@code etc/org.clipfusion.sinks.kafka-NAME.cfg}. Activation does not
 * connect: a cluster that is unreachable at start-up is retried by the outbox, with its backoff and its state shown
 * by {@code clipfusion:sinks}.
 */
@Component(service = {}, configurationPid = KafkaSinkComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = KafkaSinkConfig.class, factory = true)
public class KafkaSinkComponent {
    static final String FACTORY_PID = "org.clipfusion.sinks.kafka";
    static final String KIND = "kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkComponent.class);

    private KafkaResultSink sink;
    private ServiceRegistration<ResultSink> registration;

    @Activate
    void activate(BundleContext context, KafkaSinkConfig config, Map<String, Object> properties) {
        KafkaSinkSettings settings;
        try {
            settings = KafkaSinkSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.error("Kafka sink not started ({}): {}", properties.get("service.pid"), e.getMessage());
            return;
        }
        sink = new KafkaResultSink(settings);
        registration = SinkRegistration.register(context, sink, KIND);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (sink != null) {
            sink.close();
        }
    }
}
