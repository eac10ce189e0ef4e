package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Three nodes of the built distribution in one consumer group on a real single-node Kafka (KRaft), started by the
 * test. In one run, sharing the broker and the nodes' start-up:
 *
 * <ol>
 *   <li>a category defined and fitted on node A with the tiny demo PatchCLIP reaches B and C over the recipe topic;</li>
 *   <li>500 requests (the model-free check scorer, so that they take seconds) go to the group; node A is killed with
 *       {@code kill -9} after the first results, the broker is restarted (stop, start) later; A is restarted at the
 *       end, as an operator would, so that its outbox hands over what it stored before it died;</li>
 *   <li>every request has a result, and every result of one request id is identical apart from its time (a request
 *       redelivered after the crash is inspected again, deterministically);</li>
 *   <li>the fitted category, inspected over Kafka while A is dead (so by B or C), gives exactly the scores A gave.</li>
 * </ol>
 */
public class KafkaClusterIT {
    private static final int REQUESTS = 500;
    private static final int BATCH = 100;
    private static final String[] NODES = {"node-a", "node-b", "node-c"};
    private static final String[] SAMPLES = {"good.jpg", "colour.jpg", "crack.jpg"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void everyRequestGetsOneResultThroughANodeCrashAndABrokerRestartAndRecipesAreShared() throws Exception {
        Path work = Path.of(System.getProperty("clipfusion.examDir"), "kafka-cluster");
        deleteRecursively(work);
        Path demo = Path.of(System.getProperty("clipfusion.demoModels")).toRealPath();
        Path samples = demo.resolve("samples/hazelnut");
        List<KarafProcess> nodes = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.start("cluster-it")) {
            broker.createTopic("requests", 6, false);
            broker.createTopic("results", 3, false);
            broker.createTopic("rejected", 1, false);
            for (String node : NODES) {
                KarafProcess karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")),
                        work.resolve(node), System.getProperty("clipfusion.javacppCache"));
                configure(karaf, node, broker, demo);
                nodes.add(karaf);
            }
            KarafProcess a = nodes.get(0);
            KarafProcess b = nodes.get(1);
            KarafProcess c = nodes.get(2);
            // Only A knows category "line" from its etc/; B and C get it from the recipe topic.
            a.writeConfiguration("org.clipfusion.category-line.cfg", "name = line", "scorers = itest-brightness",
                    "thresholdMode = value", "threshold = 0.4");
            try {
                for (KarafProcess node : nodes) {
                    node.start();
                    node.shellOk("feature:install clipfusion-kafka"); // offline, from the distribution's system/
                }
                for (KarafProcess node : nodes) {
                    awaitReady(node);
                }

                // (d) Fit on A, inspect there; the fit travels to B and C.
                a.shellOk("clipfusion:category-set --scorers patchclip hazelnut");
                a.shellOk("clipfusion:fit hazelnut " + samples.resolve("good.jpg"));
                StringBuilder files = new StringBuilder();
                for (String sample : SAMPLES) {
                    files.append(' ').append(samples.resolve(sample));
                }
                a.shellOk("clipfusion:detect -c hazelnut -p d-local" + files);
                for (KarafProcess node : List.of(b, c)) {
                    // The fit is shared once the node holds it (1-shot) under the digest A shows now.
                    KarafProcess.awaitTrue("the fitted hazelnut recipe on " + node.home(), 180, () -> {
                        String digest = recipeDigest(a, "hazelnut");
                        return !digest.isEmpty() && digest.equals(recipeDigest(node, "hazelnut"))
                                && node.shell("clipfusion:categories").output()
                                .matches("(?s).*hazelnut[^\n]*1-shot.*");
                    });
                }

                try (KafkaProducer<String, String> producer = producer(broker);
                     KafkaTopicReader results = new KafkaTopicReader(broker.bootstrapServers(), "results")) {
                    KarafProcess.awaitTrue("A's local hazelnut results", 120,
                            () -> byPart(results.poll(200), "d-local").size() == SAMPLES.length);
                    // (a)-(c) 500 requests; kill -9 A after the first results, restart the broker later.
                    send(producer, 0, BATCH);
                    KarafProcess.awaitTrue("the first results", 300,
                            () -> byPart(results.poll(200), "line").size() >= BATCH / 2);
                    a.kill9();
                    send(producer, BATCH, 3 * BATCH);
                    broker.stop();
                    Thread.sleep(3000);
                    broker.start();
                    send(producer, 3 * BATCH, REQUESTS);
                    // (d) over Kafka while A is dead: B or C inspects.
                    for (String sample : SAMPLES) {
                        producer.send(new ProducerRecord<>("requests", "camera-d", hazelnutRequest(samples, sample)))
                                .get();
                    }
                    KarafProcess.awaitTrue("the hazelnut results of B or C", 300,
                            () -> byPart(results.poll(200), "d-kafka").size() == SAMPLES.length);
                    a.start(); // its outbox hands over what it stored before it died
                    KarafProcess.awaitTrue("a result for every request", 600,
                            () -> requestIds(byPart(results.poll(500), "line")).size() == REQUESTS);
                    Thread.sleep(3000); // late duplicates, if any, are part of what is checked
                    List<JsonNode> line = byPart(results.poll(1000), "line");

                    Map<String, List<JsonNode>> byId = new HashMap<>();
                    for (JsonNode result : line) {
                        byId.computeIfAbsent(result.get("requestId").asText(), id -> new ArrayList<>()).add(result);
                    }
                    Set<String> expected = new HashSet<>();
                    for (int i = 0; i < REQUESTS; i++) {
                        expected.add("line-" + i);
                    }
                    assertEquals(expected, byId.keySet());
                    int duplicates = 0;
                    for (Map.Entry<String, List<JsonNode>> results1 : byId.entrySet()) {
                        JsonNode first = withoutTime(results1.getValue().get(0));
                        for (JsonNode other : results1.getValue()) {
                            assertEquals("every result of " + results1.getKey() + " has the same content", first,
                                    withoutTime(other));
                        }
                        duplicates += results1.getValue().size() - 1;
                    }
                    Map<String, JsonNode> local = byImage(byPart(results.poll(100),
                            "d-local"));
                    Map<String, JsonNode> remote = byImage(byPart(results.poll(100), "d-kafka"));
                    for (String sample : SAMPLES) {
                        assertEquals(sample + ": the score node A gave", local.get(sample).get("imageScore"),
                                remote.get(sample).get("imageScore"));
                        assertEquals(local.get(sample).get("provenance").get("referenceImageIds"),
                                remote.get(sample).get("provenance").get("referenceImageIds"));
                        assertEquals(local.get(sample).get("threshold"), remote.get(sample).get("threshold"));
                        String version = local.get(sample).get("provenance").get("categoryVersion").asText();
                        assertTrue(sample + ": the result names its category version", version.matches("[0-9a-f]{16}"));
                        assertEquals(sample + ": the recipe version node A used", version,
                                remote.get(sample).get("provenance").get("categoryVersion").asText());
                    }
                    try (KafkaTopicReader rejected = new KafkaTopicReader(broker.bootstrapServers(), "rejected")) {
                        assertEquals(0, rejected.poll(2000).size());
                    }
                    String cluster = b.shellOk("clipfusion:cluster");
                    assertTrue(cluster, cluster.contains("line-it") && cluster.contains("line"));
                    String hazelnutVersion = local.get(SAMPLES[0]).get("provenance").get("categoryVersion").asText();
                    assertTrue("B shows the hazelnut recipe applied as " + hazelnutVersion + ":\n" + cluster,
                            cluster.contains(hazelnutVersion));
                    // The same figures as metrics (the monitoring feature picks up the Kafka bundle's monitor).
                    String viewer = b.shellOk("clipfusion:token-create --role viewer prometheus").trim();
                    HttpApiClient api = new HttpApiClient(b.httpPort());
                    String running = "clipfusion_cluster_state{group=\"line-it\",node=\"node-b\",state=\"RUNNING\"} 1.0";
                    KarafProcess.awaitTrue("the cluster metrics of B", 60,
                            () -> api.get("/metrics", viewer).text().contains(running));
                    String metrics = api.get("/metrics", viewer).text();
                    assertTrue(metrics, metrics.contains("category=\"hazelnut\",category_version=\""
                            + hazelnutVersion + "\""));
                    assertTrue(metrics, metrics.matches("(?s).*\nclipfusion_cluster_inspected_total [1-9].*"));
                    System.out.printf("kafka cluster: %d requests, %d results, %d duplicates (identical); "
                            + "hazelnut scores equal on the serving node: %s%n", REQUESTS, line.size(), duplicates,
                            remote.values().stream().map(r -> r.get("imageScore").asText()).toList());
                    System.out.println(cluster);
                }
            } catch (AssertionError | Exception e) {
                StringBuilder logs = new StringBuilder();
                for (KarafProcess node : nodes) {
                    logs.append("\n--- ").append(node.home()).append(" karaf.log tail ---\n").append(node.logTail());
                }
                throw new AssertionError(e.getMessage() + logs, e);
            } finally {
                for (KarafProcess node : nodes) {
                    try {
                        node.stop();
                    } catch (Throwable e) {
                        // already stopped or killed
                    }
                }
            }
        }
    }

    private static void configure(KarafProcess karaf, String node, KafkaBroker broker, Path demo) throws Exception {
        karaf.deploy(Path.of(System.getProperty("clipfusion.checkBundle")));
        karaf.writeConfiguration("org.clipfusion.itest.brightness.cfg", "enabled = true");
        karaf.writeConfiguration("org.clipfusion.clip.patchclip.cfg", "modelDirectory = "
                + demo.resolve("tiny/open_clip"), "modelId = tiny-open_clip");
        karaf.writeConfiguration("org.clipfusion.sinks.outbox.cfg", "initialBackoffMillis = 200",
                "maxBackoffMillis = 2000");
        karaf.writeConfiguration("org.clipfusion.sinks.kafka-plant.cfg", "bootstrapServers = "
                + broker.bootstrapServers(), "topic = results", "timeoutSeconds = 5");
        karaf.writeConfiguration("org.clipfusion.kafka.cfg", "bootstrapServers = " + broker.bootstrapServers(),
                "groupId = line-it", "nodeId = " + node, "requestTopic = requests", "rejectedTopic = rejected",
                "recipeTopic = recipes", "imageRoots = " + demo.resolve("samples"), "recipeScanSeconds = 2",
                // A dead node's partitions move after 6 s instead of Kafka's default 45 s.
                "kafka.session.timeout.ms = 6000", "kafka.heartbeat.interval.ms = 1000");
    }

    private static void awaitReady(KarafProcess node) throws Exception {
        KarafProcess.awaitTrue("scorers, category 'line' and the cluster on " + node.home(), 300, () -> {
            String status = node.shell("clipfusion:status").output();
            String categories = node.shell("clipfusion:categories").output();
            String cluster = node.shell("clipfusion:cluster").output();
            String sinks = node.shell("clipfusion:sinks").output();
            return status.contains("itest-brightness") && status.contains("patchclip")
                    && categories.contains("line") && cluster.contains("RUNNING") && sinks.contains("plant");
        });
    }

    /** The digest the node shows for the category's recipe, if it is CURRENT there; "" otherwise. */
    private static String recipeDigest(KarafProcess node, String category) throws Exception {
        Matcher row = Pattern.compile("(?m)^\\s*" + category + "\\s*[|\u2502]\\s*(\\d+)\\s*[|\u2502]\\s*([0-9a-f]{12})"
                + "\\s*[|\u2502].*[|\u2502]\\s*CURRENT\\s*([|\u2502].*)?$").matcher(node.shell("clipfusion:cluster")
                .output());
        return row.find() && Integer.parseInt(row.group(1)) >= 1 ? row.group(2) : "";
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>("requests", "camera-" + i % 12, lineRequest(i)));
        }
        producer.flush();
    }

    private static String lineRequest(int i) throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        int level = 40 + i % 160;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int value = i % 10 == 0 && x > 20 && y > 20 ? 255 : level;
                image.setRGB(x, y, value << 16 | value << 8 | value);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return "{\"format\":\"clipfusion.request/1\",\"requestId\":\"line-" + i + "\",\"partId\":\"line\","
                + "\"imageId\":\"img-" + i + ".png\",\"category\":\"line\",\"image\":\""
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}";
    }

    private static String hazelnutRequest(Path samples, String sample) {
        return "{\"format\":\"clipfusion.request/1\",\"requestId\":\"d-" + sample + "\",\"partId\":\"d-kafka\","
                + "\"imageId\":\"" + sample + "\",\"category\":\"hazelnut\",\"imageUri\":\""
                + samples.resolve(sample).toUri() + "\"}";
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.put("acks", "all");
        properties.put("delivery.timeout.ms", "120000");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<JsonNode> byPart(List<ConsumerRecord<byte[], byte[]>> records, String partId) {
        List<JsonNode> results = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                JsonNode result = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
                if (partId.equals(result.path("partId").asText())) {
                    results.add(result);
                }
            } catch (Exception e) {
                throw new AssertionError("result record is not JSON: " + e.getMessage(), e);
            }
        }
        return results;
    }

    private static Set<String> requestIds(List<JsonNode> results) {
        Set<String> ids = new HashSet<>();
        results.forEach(result -> ids.add(result.get("requestId").asText()));
        return ids;
    }

    private static Map<String, JsonNode> byImage(List<JsonNode> results) {
        Map<String, JsonNode> byImage = new HashMap<>();
        results.forEach(result -> byImage.put(result.get("imageId").asText(), result));
        return byImage;
    }

    private static JsonNode withoutTime(JsonNode result) {
        ObjectNode copy = result.deepCopy();
        copy.remove("time");
        return copy;
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
