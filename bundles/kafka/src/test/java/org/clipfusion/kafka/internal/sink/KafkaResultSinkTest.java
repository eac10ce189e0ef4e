package org.clipfusion.kafka.internal.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.sinks.ResultJson;
import org.clipfusion.sinks.SampleResults;
import org.clipfusion.testing.KafkaBroker;
import org.clipfusion.testing.KafkaTopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real single-node Kafka (KRaft) started by the test from Maven Central's kafka_2.13. */
class KafkaResultSinkTest {
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start("sink-test");
        broker.createTopic("results", 3, false);
        broker.createTopic("results-maps", 1, false);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaSinkSettings settings(String topic, boolean maps, int timeoutSeconds) {
        Properties client = new Properties();
        client.setProperty("bootstrap.servers", broker.bootstrapServers());
        return new KafkaSinkSettings("plant", topic, maps, timeoutSeconds, client);
    }

    @Test
    void sendsEachResultKeyedByRequestIdAsItsJsonRecordAndSurvivesABrokerOutage() throws Exception {
        List<String> sent = new ArrayList<>();
        try (KafkaResultSink sink = new KafkaResultSink(settings("results", false, 5))) {
            for (int i = 0; i < 20; i++) {
                sink.deliver(SampleResults.withId("r" + i));
                sent.add("r" + i);
            }
            broker.stop();
            assertThrows(Exception.class, () -> sink.deliver(SampleResults.withId("r20")));
            broker.start();
            for (int i = 20; i < 40; i++) {
                deliverOnceTheBrokerIsBack(sink, SampleResults.withId("r" + i));
                sent.add("r" + i);
            }
        }
        try (KafkaTopicReader reader = new KafkaTopicReader(broker.bootstrapServers(), "results")) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.poll(2000);
            for (int attempt = 0; records.size() < sent.size() && attempt < 30; attempt++) {
                records = reader.poll(1000);
            }
            List<String> keys = records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            assertTrue(keys.containsAll(sent), keys.toString());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String requestId = new String(record.key(), StandardCharsets.UTF_8);
                assertEquals(ResultJson.of(SampleResults.withId(requestId)),
                        new String(record.value(), StandardCharsets.UTF_8));
                assertEquals("clipfusion.result/2", header(record, "clipfusion.format"));
                assertEquals(null, record.headers().lastHeader("clipfusion.map.png"));
            }
            // Keyed by request id: one request's deliveries all land on one partition.
            Map<String, Integer> partitions = new java.util.HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Integer earlier = partitions.put(new String(record.key(), StandardCharsets.UTF_8),
                        record.partition());
                assertTrue(earlier == null || earlier == record.partition());
            }
        }
    }

    @Test
    void carriesTheFusedMapAsA16BitPngScaledToItsMaximum() throws Exception {
        DetectionResult result = SampleResults.withId("with-map");
        try (KafkaResultSink sink = new KafkaResultSink(settings("results-maps", true, 10))) {
            deliverOnceTheBrokerIsBack(sink, result);
        }
        try (KafkaTopicReader reader = new KafkaTopicReader(broker.bootstrapServers(), "results-maps")) {
            List<ConsumerRecord<byte[], byte[]>> records = reader.poll(2000);
            for (int attempt = 0; records.isEmpty() && attempt < 30; attempt++) {
                records = reader.poll(1000);
            }
            ConsumerRecord<byte[], byte[]> record = records.get(0);
            AnomalyMap map = result.map();
            float max = Float.parseFloat(header(record, "clipfusion.map.max"));
            assertEquals(map.max(), max, 0f);
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(record.headers().lastHeader(
                    "clipfusion.map.png").value()));
            assertEquals(map.width(), png.getWidth());
            assertEquals(map.height(), png.getHeight());
            assertEquals(16, png.getColorModel().getPixelSize());
            for (int y = 0; y < map.height(); y++) {
                for (int x = 0; x < map.width(); x++) {
                    double decoded = png.getRaster().getSample(x, y, 0) / 65535.0 * max;
                    assertEquals(Math.max(0, map.at(x, y)), decoded, max / 65535.0, "pixel " + x + "," + y);
                }
            }
            assertArrayEquals(ResultJson.of(result).getBytes(StandardCharsets.UTF_8), record.value());
        }
    }

    /** The outbox retries a failed delivery; so does this, for as long as the restarted broker needs. */
    private static void deliverOnceTheBrokerIsBack(KafkaResultSink sink, DetectionResult result) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                sink.deliver(result);
                return;
            } catch (Exception e) {
                if (attempt >= 20) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
