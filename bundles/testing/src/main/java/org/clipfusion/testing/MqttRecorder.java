package org.clipfusion.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plant's MQTT consumer of results: a persistent session (clean session false) subscribed with QoS 1 that
 * reconnects by itself, so the broker keeps its subscription and queued messages while it or the broker restarts.
 * Records the topic and the request id of every message, duplicates included (delivery is at least once).
 */
public final class MqttRecorder implements AutoCloseable {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]*)\"");

    private final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    public MqttRecorder(String brokerUrl, String clientId, String topicFilter) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // automatic reconnect; the persistent session keeps the subscription
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Matcher matcher = REQUEST_ID.matcher(new String(message.getPayload(), StandardCharsets.UTF_8));
                topics.add(topic);
                requestIds.add(matcher.find() ? matcher.group(1) : "?");
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        client.connect(options);
        client.subscribe(topicFilter, 1);
    }

    /** The request id of every message received so far, in arrival order ("?" for a message without one). */
    public List<String> requestIds() {
        return requestIds;
    }

    /** The topic of every message received so far, in arrival order. */
    public List<String> topics() {
        return topics;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
