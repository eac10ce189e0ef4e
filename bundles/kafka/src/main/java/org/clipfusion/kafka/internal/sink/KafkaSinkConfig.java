package org.clipfusion.kafka.internal.sink;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.clipfusion.sinks.kafka-NAME.cfg}, one file per cluster and topic. Properties named {@code kafka.X}
 * are passed to the producer as {@code X} (TLS, SASL, client tuning).
 */
@ObjectClassDefinition(name = "ClipFusion Kafka sink",
        description = "Publishes each result (clipfusion.result/2) keyed by request id, idempotent, acks=all")
@interface KafkaSinkConfig {
    @AttributeDefinition(description = "Sink id; empty for the NAME of the configuration file")
    String id() default "";

    @AttributeDefinition(description = "Kafka bootstrap servers, e.g. kafka1:9092,kafka2:9092")
    String bootstrapServers();

    @AttributeDefinition(description = "Result topic")
    String topic() default "clipfusion.results";

    @AttributeDefinition(description = "The fused anomaly map as a 16-bit grayscale PNG in the record header "
            + "clipfusion.map.png: png16, or none")
    String maps() default "none";

    @AttributeDefinition(description = "Seconds to wait for the brokers' acknowledgement before the delivery fails "
            + "and the outbox retries it")
    int timeoutSeconds() default 30;
}
