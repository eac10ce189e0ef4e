package org.clipfusion.sinks.mqtt.internal;

import java.util.Map;
import org.clipfusion.sinks.SinkIds;

/** An MQTT sink's settings, checked. */
record MqttSinkSettings(String id, String brokerUrl, String topic, String clientId, String username,
                        String password, int timeoutSeconds) {
    static final String CATEGORY_PLACEHOLDER = "{category}";

    MqttSinkSettings {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': set brokerUrl, e.g. tcp://broker:1883");
        }
        if (topic.isBlank() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': topic '" + topic
                    + "' must be non-empty and hold no wildcard (+, #)");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': timeoutSeconds must be at least 1");
        }
    }

    static MqttSinkSettings from(MqttSinkConfig config, Map<String, ?> properties) {
        String id = SinkIds.of(config.id(), properties);
        String clientId = config.clientId().isBlank() ? "clipfusion-" + id : config.clientId().trim();
        return new MqttSinkSettings(id, config.brokerUrl() == null ? "" : config.brokerUrl().trim(),
                config.topic().trim(), clientId, config.username(), config.password(), config.timeoutSeconds());
    }

    /**
     * The topic for a category. Categories are names chosen by the plant; MQTT's level separator and wildcards in
     * them become '_', so that a category can neither publish outside its level nor make the topic invalid.
     */
    String topicFor(String category) {
        return topic.replace(CATEGORY_PLACEHOLDER, category.replaceAll("[/+#\\u0000]", "_"));
    }
}
