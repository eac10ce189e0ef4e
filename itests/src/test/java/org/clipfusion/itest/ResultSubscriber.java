package org.clipfusion.itest;

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
 * A plant's MQTT consumer: persistent session (clean session false), QoS 1, reconnecting by itself; records the
 * request id of every message, duplicates included.
 */
final class ResultSubscriber implements AutoCloseable {
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]*)\"");

    final List<String> requestIds = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    ResultSubscriber(String brokerUrl, String filter) throws MqttException {
        client = new MqttClient(brokerUrl, "itest-plant-consumer", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Matcher matcher = REQUEST_ID.matcher(new String(message.getPayload(), StandardCharsets.UTF_8));
                requestIds.add(matcher.find() ? matcher.group(1) : "?");
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        client.connect(options);
        client.subscribe(filter, 1); // kept by the broker in the persistent session across reconnects
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
