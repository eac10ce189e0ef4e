package org.clipfusion.sinks.mqtt.internal;

import java.util.Map;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkFailure;
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
 * One MQTT sink per factory configuration {@code etc/org.clipfusion.sinks.mqtt-NAME.cfg}. Activation does not
 * connect: a broker that is down at start-up is retried by the outbox.
 */
@Component(service = {}, configurationPid = MqttSinkComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = MqttSinkConfig.class, factory = true)
public class MqttSinkComponent {
    static final String FACTORY_PID = "org.clipfusion.sinks.mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttSinkComponent.class);

    private MqttSink sink;
    private ServiceRegistration<ResultSink> registration;
    /** Registered instead of the sink when the configuration is wrong: clipfusion:sinks lists it as FAILED. */
    private ServiceRegistration<SinkFailure> failure;

    @Activate
    void activate(BundleContext context, MqttSinkConfig config, Map<String, Object> properties) {
        MqttSinkSettings settings;
        try {
            settings = MqttSinkSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            failure = SinkRegistration.registerFailure(context, config.id(), properties, "mqtt", e.getMessage());
            return;
        }
        sink = new MqttSink(settings);
        registration = SinkRegistration.register(context, sink, "mqtt");
        LOG.info("MQTT sink '{}' publishes to {} on {}", settings.id(), settings.brokerUrl(), settings.topic());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (failure != null) {
            failure.unregister();
        }
        if (sink != null) {
            sink.close();
        }
    }
}
