package org.clipfusion.sinks.mqtt.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plant's consumer: a persistent session (clean session false) subscribed with QoS 1 that reconnects by itself,
 * recording the topic and request id of every message it gets (duplicates included).
 */
final class RecordingSubscriber implements AutoCloseable {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]*)\"");

    final List<String> requestIds = new CopyOnWriteArrayList<>();
    final List<String> topics = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    RecordingSubscriber(String brokerUrl, String filter) throws MqttException {
        client = new MqttClient(brokerUrl, "test-subscriber", new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // nothing to do: the persistent session keeps the subscription (and a blocking call here deadlocks)
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Matcher matcher = REQUEST_ID.matcher(new String(message.getPayload(),
                        java.nio.charset.StandardCharsets.UTF_8));
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
        client.subscribe(filter, 1);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
