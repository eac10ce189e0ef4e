package org.clipfusion.sinks.mqtt.internal;

import java.util.Map;
import org.clipfusion.sinks.SinkIds;

/** An MQTT sink's settings, checked. */
record MqttSinkSettings(String id, String brokerUrl, String topic, String clientId, String username,
                        String password, int timeoutSeconds, String promptSetTopic) {
    static final String CATEGORY_PLACEHOLDER = "{category}";
    static final String PROMPT_SET_PLACEHOLDER = "{promptSet}";
    static final String DEFAULT_PROMPT_SET_TOPIC = "clipfusion/prompt-sets/" + PROMPT_SET_PLACEHOLDER;

    MqttSinkSettings(String id, String brokerUrl, String topic, String clientId, String username, String password,
                     int timeoutSeconds) {
        this(id, brokerUrl, topic, clientId, username, password, timeoutSeconds, DEFAULT_PROMPT_SET_TOPIC);
    }

    MqttSinkSettings {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': set brokerUrl, e.g. tcp://broker:1883");
        }
        if (topic.isBlank() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': topic '" + topic
                    + "' must be non-empty and hold no wildcard (+, #)");
        }
        if (promptSetTopic.isBlank() || promptSetTopic.contains("+") || promptSetTopic.contains("#")
                || !promptSetTopic.contains(PROMPT_SET_PLACEHOLDER)) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': promptSetTopic '" + promptSetTopic
                    + "' must hold " + PROMPT_SET_PLACEHOLDER + " and no wildcard (+, #)");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("MQTT sink '" + id + "': timeoutSeconds must be at least 1");
        }
    }

    static MqttSinkSettings from(MqttSinkConfig config, Map<String, ?> properties) {
        String id = SinkIds.of(config.id(), properties);
        String clientId = config.clientId().isBlank() ? "clipfusion-" + id : config.clientId().trim();
        return new MqttSinkSettings(id, config.brokerUrl() == null ? "" : config.brokerUrl().trim(),
                config.topic().trim(), clientId, config.username(), config.password(), config.timeoutSeconds(),
                config.promptSetTopic().trim());
    }

    /**
     * The topic for a category. Categories are names chosen by the plant; MQTT's level separator and wildcards in
     * them become '_', so that a category can neither publish outside its level nor make the topic invalid.
     */
    String topicFor(String category) {
        return topic.replace(CATEGORY_PLACEHOLDER, category.replaceAll("[/+#\\u0000]", "_"));
    }

    /** The topic of a prompt set, by its id ({@code sha256:<hex>}): the hex digest in place of the placeholder. */
    String promptSetTopicFor(String promptSetId) {
        return promptSetTopic.replace(PROMPT_SET_PLACEHOLDER, promptSetId.substring(promptSetId.indexOf(':') + 1));
    }
}
