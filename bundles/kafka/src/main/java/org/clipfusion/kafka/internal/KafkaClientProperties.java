package org.clipfusion.kafka.internal;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka client settings of a configuration: {@code bootstrapServers}, and every property named {@code kafka.X},
 * passed to the client as {@code X} unchanged. That is how TLS and SASL reach the client
 * ({@code kafka.security.protocol = SASL_SSL}, {@code kafka.ssl.truststore.location = ...},
 * {@code kafka.sasl.jaas.config = ...}) without this bundle knowing every option. The settings that carry a guarantee
 * of ClipFusion's (idempotence, acks, commits, serializers) cannot be overridden this way: such a property is refused.
 */
public final class KafkaClientProperties {
    public static final String PREFIX = "kafka.";

    private KafkaClientProperties() {
    }

    /**
     * @param what      names the configuration in error messages
     * @param reserved  client settings ClipFusion fixes itself
     * @throws IllegalArgumentException naming the property, when the configuration is unusable
     */
    public static Properties of(String what, String bootstrapServers, Map<String, ?> configuration,
                                Set<String> reserved) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(what + ": set bootstrapServers, e.g. kafka1.plant.local:9092");
        }
        Properties properties = new Properties();
        for (Map.Entry<String, ?> entry : new TreeMap<>(configuration).entrySet()) {
            if (!entry.getKey().startsWith(PREFIX) || entry.getValue() == null) {
                continue;
            }
            String key = entry.getKey().substring(PREFIX.length());
            if (reserved.contains(key)) {
                throw new IllegalArgumentException(what + ": " + entry.getKey() + " cannot be set: ClipFusion sets '"
                        + key + "' itself (it carries the delivery guarantee)");
            }
            properties.setProperty(key, String.valueOf(entry.getValue()).trim());
        }
        properties.setProperty("bootstrap.servers", bootstrapServers.trim());
        return properties;
    }

    /** Shown in logs and status: the passed-through keys, never their values (they may hold passwords). */
    public static String describe(Properties properties) {
        return new TreeMap<>(properties).keySet().toString();
    }
}
