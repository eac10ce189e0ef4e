package org.clipfusion.kafka.internal.sink;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.clipfusion.kafka.internal.KafkaClientProperties;
import org.clipfusion.sinks.SinkIds;

/** A Kafka sink's settings, checked. */
record KafkaSinkSettings(String id, String topic, boolean pngMaps, int timeoutSeconds, Properties client) {
    /** What carries the sink's guarantee; refused as kafka.* overrides. */
    static final Set<String> RESERVED = Set.of("enable.idempotence", "acks", "key.serializer", "value.serializer",
            "max.in.flight.requests.per.connection", "transactional.id");

    KafkaSinkSettings {
        if (topic.isBlank() || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("Kafka sink '" + id + "': topic '" + topic
                    + "' must be 1 to 249 letters, digits, '.', '_' or '-'");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("Kafka sink '" + id + "': timeoutSeconds must be at least 1");
        }
    }

    static KafkaSinkSettings from(KafkaSinkConfig config, Map<String, ?> properties) {
        String id = SinkIds.of(config.id(), properties);
        boolean png = switch (config.maps().trim()) {
            case "png16" -> true;
            case "none", "" -> false;
            default -> throw new IllegalArgumentException("Kafka sink '" + id + "': maps = '" + config.maps()
                    + "' is not one of png16, none");
        };
        Properties client = KafkaClientProperties.of("Kafka sink '" + id + "'", config.bootstrapServers(), properties,
                RESERVED);
        return new KafkaSinkSettings(id, config.topic().trim(), png, config.timeoutSeconds(), client);
    }
}
