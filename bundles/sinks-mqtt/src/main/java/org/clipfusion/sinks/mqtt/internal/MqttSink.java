package org.clipfusion.sinks.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.PromptSets;
import org.clipfusion.sinks.ResultJson;
import org.clipfusion.sinks.UndeliverableResultException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each result's JSON record with QoS 1 and returns only once the broker acknowledged it (PUBACK), so the
 * outbox moves on only from results the broker holds. The client keeps no persistence of its own (memory only): the
 * outbox is the durable store, and a result whose PUBACK was lost is published again (consumers de-duplicate by
 * {@code requestId}). The session is persistent (clean session false) so that the broker keeps this client's
 * in-flight state across reconnects. A broken connection is dropped and reopened on the outbox's next retry.
 *
 * <p>A result's prompts are not in its record: the prompt set it refers to is published once per connection,
 * retained, on its own topic ({@code promptSetTopic}), before the first result that refers to it, so a subscriber
 * that joins later still finds it.
 */
final class MqttSink implements ResultSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSink.class);
    /** Paho's in-flight window: far above the one unacknowledged message a synchronous publisher has. */
    static final int MAX_INFLIGHT = 1000;
    static final int QOS = 1;

    private final MqttSinkSettings settings;
    private MqttClient client;
    /** The prompt sets published on the current connection. */
    private final Set<String> publishedPromptSets = new HashSet<>();

    MqttSink(MqttSinkSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public synchronized void deliver(DetectionResult result) throws MqttException, UndeliverableResultException {
        String topic = settings.topicFor(result.provenance().category());
        publishPromptSet(result.provenance().prompts());
        MqttMessage message = new MqttMessage(ResultJson.of(result).getBytes(StandardCharsets.UTF_8));
        message.setQos(QOS);
        message.setRetained(false);
        try {
            connected().publish(topic, message);
        } catch (IllegalArgumentException e) {
            throw new UndeliverableResultException("MQTT sink '" + id() + "' cannot publish request '"
                    + result.requestId() + "' to topic '" + topic + "': " + e.getMessage(), e);
        } catch (MqttException e) {
            closeQuietly();
            throw e;
        }
    }

    private void publishPromptSet(List<String> prompts) throws MqttException {
        String id = PromptSets.id(prompts);
        MqttClient current = connected();
        if (publishedPromptSets.contains(id)) {
            return;
        }
        MqttMessage message = new MqttMessage(PromptSets.json(prompts).getBytes(StandardCharsets.UTF_8));
        message.setQos(QOS);
        message.setRetained(true);
        try {
            current.publish(settings.promptSetTopicFor(id), message);
        } catch (MqttException e) {
            closeQuietly();
            throw e;
        }
        publishedPromptSets.add(id);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private MqttClient connected() throws MqttException {
        if (client != null && client.isConnected()) {
            return client;
        }
        closeQuietly();
        MqttClient opened = new MqttClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        opened.setTimeToWait(settings.timeoutSeconds() * 1000L);
        try {
            opened.connect(connectOptions(settings));
        } catch (MqttException e) {
            try {
                opened.close(true);
            } catch (MqttException ignored) {
                // nothing to release beyond what close already tried
            }
            throw e;
        }
        client = opened;
        publishedPromptSets.clear(); // a broker that lost its retained messages gets them again
        LOG.info("MQTT sink '{}' connected to {} as {}", id(), settings.brokerUrl(), settings.clientId());
        return client;
    }

    static MqttConnectOptions connectOptions(MqttSinkSettings settings) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(false); // the outbox retries, with its backoff and its state shown
        options.setConnectionTimeout(settings.timeoutSeconds());
        options.setKeepAliveInterval(30);
        // Paho wakes a synchronous publisher on the PUBACK but counts the message out of its in-flight window only
        // later, on its callback thread. Publishing one result after another on a CPU-starved machine (a line busy
        // with inference), that count outran the default window of 10 and failed deliveries with "Too many
        // publishes in progress" although one message at most was unacknowledged. The window only bounds that lag.
        options.setMaxInflight(MAX_INFLIGHT);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().toCharArray());
        }
        return options;
    }

    private void closeQuietly() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(1000, 1000);
            }
        } catch (MqttException e) {
            // broken anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // broken anyway
        }
        client = null;
    }
}
