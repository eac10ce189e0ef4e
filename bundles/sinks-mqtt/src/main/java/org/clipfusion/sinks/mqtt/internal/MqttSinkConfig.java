package org.clipfusion.sinks.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.clipfusion.sinks.mqtt-NAME.cfg}, one file per broker and topic. */
@ObjectClassDefinition(name = "ClipFusion MQTT sink", description = "Publishes each result as JSON with QoS 1")
@interface MqttSinkConfig {
    @AttributeDefinition(description = "Sink id; empty for the NAME of the configuration file")
    String id() default "";

    @AttributeDefinition(description = "Broker, e.g. tcp://broker:1883 or ssl://broker:8883")
    String brokerUrl();

    @AttributeDefinition(description = "Topic; {category} is replaced by the result's category")
    String topic() default "clipfusion/results/{category}";

    @AttributeDefinition(description = "Topic of the prompt sets results refer to (published once each, retained);"
            + " {promptSet} is replaced by the set's SHA-256")
    String promptSetTopic() default "clipfusion/prompt-sets/{promptSet}";

    @AttributeDefinition(description = "MQTT client id; empty for clipfusion-<sink id>. Must be unique per broker")
    String clientId() default "";

    @AttributeDefinition(description = "User name; empty for anonymous")
    String username() default "";

    @AttributeDefinition(description = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Seconds to wait for the broker (connect, PUBACK) before the delivery fails "
            + "and is retried")
    int timeoutSeconds() default 10;
}
