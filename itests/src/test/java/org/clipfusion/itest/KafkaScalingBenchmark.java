package org.clipfusion.itest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.clipfusion.testing.KafkaBroker;
import org.clipfusion.testing.KafkaTopicReader;
import org.junit.Test;

/**
 * Throughput of 1, 2 and 3 nodes of the built distribution on one Kafka, inspecting with the tiny demo PatchCLIP
 * (zero-shot, category "bench"), and each node's time per request inside and outside inspection (from
 * {@code clipfusion:cluster}). A benchmark, not a test: it asserts nothing and is not part of the test command
 * (Failsafe runs {@code *IT} classes only). Run it with
 *
 * <pre>
 * mvn -B -o install -DskipTests
 * mvn -B -o -pl itests verify -Dit.test=KafkaScalingBenchmark -Dclipfusion.bench.requests=150
 * </pre>
 *
 * <p>On one machine the nodes share its cores: the figures show the per-node overhead and how throughput scales when
 * cores are the limit, not what separate machines would give (see docs/kafka-capacity.md).
 */
public class KafkaScalingBenchmark {
    private static final String[] NODES = {"node-1", "node-2", "node-3"};

    @Test
    public void throughputWithOneTwoAndThreeNodes() throws Exception {
        int requests = Integer.getInteger("clipfusion.bench.requests", 150);
        Path work = Path.of(System.getProperty("clipfusion.examDir"), "kafka-scaling");
        deleteRecursively(work);
        Path demo = Path.of(System.getProperty("clipfusion.demoModels")).toRealPath();
        List<String> report = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.start("scaling-bench")) {
            broker.createTopic("results", 3, false);
            List<KarafProcess> nodes = new ArrayList<>();
            for (String node : NODES) {
                KarafProcess karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")),
                        work.resolve(node), System.getProperty("clipfusion.javacppCache"));
                karaf.writeConfiguration("org.clipfusion.clip.patchclip.cfg", "modelDirectory = "
                        + demo.resolve("tiny/open_clip"), "modelId = tiny-open_clip");
                karaf.writeConfiguration("org.clipfusion.category-bench.cfg", "name = bench",
                        "scorers = patchclip");
                karaf.writeConfiguration("org.clipfusion.sinks.kafka-plant.cfg", "bootstrapServers = "
                        + broker.bootstrapServers(), "topic = results");
                nodes.add(karaf);
            }
            for (int n = 1; n <= NODES.length; n++) {
                String topic = "requests-" + n;
                broker.createTopic(topic, 6, false);
                List<KarafProcess> running = nodes.subList(0, n);
                for (int i = 0; i < n; i++) {
                    KarafProcess node = running.get(i);
                    node.writeConfiguration("org.clipfusion.kafka.cfg", "bootstrapServers = "
                            + broker.bootstrapServers(), "groupId = bench-" + n, "nodeId = " + NODES[i],
                            "requestTopic = " + topic, "rejectedTopic = ", "recipeTopic = ");
                    node.start();
                    node.shellOk("feature:install clipfusion-kafka");
                }
                for (KarafProcess node : running) {
                    KarafProcess.awaitTrue("the node", 300, () -> node.shell("clipfusion:status").output()
                            .contains("patchclip") && node.shell("clipfusion:cluster").output().contains("RUNNING"));
                }
                // Warm-up: one request per partition, so that every node has built its text prototypes.
                send(broker, topic, "warm-" + n, 6);
                awaitResults(broker, "warm-" + n, 6);
                long start = System.nanoTime();
                send(broker, topic, "run-" + n, requests);
                awaitResults(broker, "run-" + n, requests);
                double seconds = (System.nanoTime() - start) / 1e9;
                StringBuilder perNode = new StringBuilder();
                for (KarafProcess node : running) {
                    Matcher line = Pattern.compile("Per request\\s+(.*)").matcher(node.shellOk("clipfusion:cluster"));
                    perNode.append("\n    ").append(node.home().getParent().getFileName()).append(": ")
                            .append(line.find() ? line.group(1) : "?");
                }
                report.add(String.format("%d node(s): %d requests in %.1f s = %.2f requests/s%s", n, requests,
                        seconds, requests / seconds, perNode));
                for (KarafProcess node : running) {
                    node.stop();
                }
            }
        }
        System.out.println("Kafka scaling benchmark (tiny PatchCLIP, zero-shot, 64x64 PNGs, one machine):");
        report.forEach(System.out::println);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void send(KafkaBroker broker, String topic, String prefix, int count) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "camera-" + i % 12, request(prefix, i)));
            }
        }
    }

    private static void awaitResults(KafkaBroker broker, String prefix, int count) throws Exception {
        try (KafkaTopicReader reader = new KafkaTopicReader(broker.bootstrapServers(), "results")) {
            KarafProcess.awaitTrue(count + " results of " + prefix, 3600, () -> {
                Set<String> ids = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(500)) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(prefix + "-")) {
                        ids.add(key);
                    }
                }
                return ids.size() >= count;
            });
        }
    }

    private static String request(String prefix, int i) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int value = (x * 3 + y * 5 + i * 7) % 256;
                image.setRGB(x, y, value << 16 | (255 - value) << 8 | (i * 11) % 256);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return "{\"format\":\"clipfusion.request/1\",\"requestId\":\"" + prefix + "-" + i + "\",\"category\":"
                + "\"bench\",\"image\":\"" + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}";
    }

    private static void deleteRecursively(Path folder) throws Exception {
        if (Files.exists(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
