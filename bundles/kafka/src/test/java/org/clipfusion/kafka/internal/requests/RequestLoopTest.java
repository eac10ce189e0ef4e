package org.clipfusion.kafka.internal.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.kafka.internal.ClusterSettings;
import org.clipfusion.kafka.internal.RecipeSync;
import org.clipfusion.testing.KafkaBroker;
import org.clipfusion.testing.KafkaTopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two request loops of one group against a real broker; the first "crashes" (its thread dies) right after storing a
 * result and before committing its offset, as {@code kill -9} would leave it. The detector is a stand-in whose
 * "outbox" is a list: what the loops must guarantee is independent of what detection computes.
 */
class RequestLoopTest {
    private static final int REQUESTS = 40;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start("request-loop-test");
        broker.createTopic("requests", 2, false);
        broker.createTopic("rejected", 1, false);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRequestIsAnsweredAndARequestInterruptedBeforeItsCommitIsAnsweredAgainIdentically() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < REQUESTS; i++) {
                producer.send(new ProducerRecord<>("requests", "cam" + i % 4, request("r" + i, i))).get();
            }
            producer.send(new ProducerRecord<>("requests", "cam0", "{\"format\":\"clipfusion.request/1\"}")).get();
        }
        Outbox outbox = new Outbox();
        StandInDetector crashing = new StandInDetector(outbox, true);
        RequestLoop first = new RequestLoop(settings("node-a"), RequestLoop.inspector(crashing, settings("node-a")), RecipeSync.NONE);
        RequestLoop second = new RequestLoop(settings("node-b"), RequestLoop.inspector(new StandInDetector(outbox,
                false), settings("node-b")), RecipeSync.NONE);
        Thread a = new Thread(first, "loop-a");
        Thread b = new Thread(second, "loop-b");
        a.setUncaughtExceptionHandler((thread, e) -> { });
        a.start();
        b.start();
        try {
            await(() -> outbox.requestIds().containsAll(expectedIds()) && !a.isAlive(), 120,
                    () -> outbox.order() + " a alive " + a.isAlive() + " " + first.status() + " " + second.status());
            await(() -> second.status().partitions().size() == 2 && second.status().totalLag() == 0, 60,
                    () -> String.valueOf(second.status()));
        } finally {
            first.stop();
            second.stop();
            a.join(30_000);
            b.join(30_000);
        }

        Map<String, List<DetectionResult>> byId = outbox.byId();
        assertEquals(Set.copyOf(expectedIds()), byId.keySet());
        for (Map.Entry<String, List<DetectionResult>> results : byId.entrySet()) {
            int expected = results.getKey().equals(crashing.crashedAt) ? 2 : 1;
            assertEquals(expected, results.getValue().size(), results.getKey());
            for (DetectionResult result : results.getValue()) {
                assertEquals(brightnessOf(results.getKey()) / 255.0, result.imageScore(), 1e-12);
            }
        }
        // One camera's requests keep their order: they share a key, so a partition.
        for (int camera = 0; camera < 4; camera++) {
            List<Integer> order = new ArrayList<>();
            for (String id : outbox.order()) {
                int n = Integer.parseInt(id.substring(1));
                if (n % 4 == camera && (order.isEmpty() || order.get(order.size() - 1) != n)) {
                    order.add(n);
                }
            }
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "camera " + camera);
        }
        ClusterStatus status = second.status();
        assertEquals(1, first.status().rejected() + status.rejected());
        try (KafkaTopicReader reader = new KafkaTopicReader(broker.bootstrapServers(), "rejected")) {
            List<ConsumerRecord<byte[], byte[]>> rejected = reader.poll(2000);
            for (int i = 0; rejected.isEmpty() && i < 20; i++) {
                rejected = reader.poll(1000);
            }
            assertEquals(1, rejected.size());
            assertEquals("field 'requestId' is missing", new String(rejected.get(0).headers()
                    .lastHeader("clipfusion.rejection").value(), StandardCharsets.UTF_8));
            assertEquals("{\"format\":\"clipfusion.request/1\"}", new String(rejected.get(0).value(),
                    StandardCharsets.UTF_8));
        }
    }

    private static List<String> expectedIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add("r" + i);
        }
        return ids;
    }

    private static int brightnessOf(String requestId) {
        return 10 + 5 * Integer.parseInt(requestId.substring(1));
    }

    private static String request(String id, int i) throws Exception {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        int grey = brightnessOf(id);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return "{\"format\":\"clipfusion.request/1\",\"requestId\":\"" + id + "\",\"partId\":\"part-" + i
                + "\",\"category\":\"line\",\"image\":\"" + Base64.getEncoder().encodeToString(png.toByteArray())
                + "\"}";
    }

    private static ClusterSettings settings(String node) {
        Properties client = new Properties();
        client.setProperty("bootstrap.servers", broker.bootstrapServers());
        // Quick hand-over when a member dies, as a test cannot wait Kafka's default 45 s.
        client.setProperty("session.timeout.ms", "6000");
        client.setProperty("heartbeat.interval.ms", "1000");
        return new ClusterSettings(node, "line-3", "requests", "rejected", "", 1 << 20, List.of(Path.of("/tmp")),
                1 << 20, 5, 2, 5, client);
    }

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", broker.bootstrapServers());
        return properties;
    }

    private static void await(BooleanSupplier condition, int seconds,
                              java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out: " + state.get());
            Thread.sleep(100);
        }
    }

    /** Results in the order they were stored. */
    private static final class Outbox {
        private final List<DetectionResult> results = new ArrayList<>();

        synchronized void append(DetectionResult result) {
            results.add(result);
        }

        synchronized Set<String> requestIds() {
            Set<String> ids = new java.util.HashSet<>();
            results.forEach(result -> ids.add(result.requestId()));
            return ids;
        }

        synchronized List<String> order() {
            return results.stream().map(DetectionResult::requestId).toList();
        }

        synchronized Map<String, List<DetectionResult>> byId() {
            Map<String, List<DetectionResult>> byId = new HashMap<>();
            results.forEach(result -> byId.computeIfAbsent(result.requestId(), id -> new ArrayList<>()).add(result));
            return byId;
        }
    }

    /** Scores an image by its mean red value (deterministic), "stores" the result, and may then die once. */
    private static final class StandInDetector implements Detector {
        private final Outbox outbox;
        private boolean crash;
        volatile String crashedAt;

        StandInDetector(Outbox outbox, boolean crashOnFirst) {
            this.outbox = outbox;
            this.crash = crashOnFirst;
        }

        @Override
        public DetectionResult detect(DetectionRequest request) {
            double sum = 0;
            for (int y = 0; y < request.image().height(); y++) {
                for (int x = 0; x < request.image().width(); x++) {
                    sum += request.image().sample(x, y, 0);
                }
            }
            double score = sum / (request.image().width() * request.image().height()) / 255.0;
            DetectionResult result = new DetectionResult(request.requestId(), request.partId(),
                    request.image().id(), Instant.now(), score,
                    new AnomalyMap(1, 1, new float[] {(float) score}, MapRole.FUSED, "stand-in"), Map.of(),
                    Decision.UNDECIDED, Threshold.unset(), new Provenance(request.category(), List.of(), List.of(),
                    0.5, 0.5, "stand-in", List.of(), 0, "test"));
            outbox.append(result);
            if (crash) {
                crash = false;
                crashedAt = request.requestId();
                throw new ThreadDeath(); // the node dies after storing, before the commit
            }
            return result;
        }

        @Override
        public Set<String> categories() {
            return Set.of("line");
        }
    }
}
