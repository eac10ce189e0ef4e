package org.clipfusion.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away single-node Apache Kafka (KRaft: one process is broker and controller) for tests, from Maven Central's
 * {@code org.apache.kafka:kafka_2.13} on the test class path, run as a child JVM on free ports on 127.0.0.1. Its log
 * directory survives {@link #stop()} / {@link #start()} and {@link #kill()}, which simulate outages and crashes.
 *
 * <p>A module that starts a broker declares {@code kafka_2.13} as a test dependency itself (this module has it as an
 * optional dependency, so that the broker's libraries stay off every other module's tests).
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

    private final Path folder;
    private final Path config;
    private final int port;
    private Process process;

    private KafkaBroker(Path folder, int port) {
        this.folder = folder;
        this.config = folder.resolve("server.properties");
        this.port = port;
    }

    /** Formats a fresh log directory and starts the broker; fails saying what is missing when it cannot. */
    public static KafkaBroker start(String name) throws IOException, InterruptedException {
        try {
            Class.forName(MAIN, false, KafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("KafkaBroker needs org.apache.kafka:kafka_2.13 as a test dependency of this module");
        }
        Path folder = ServerProcesses.sharedTemporaryFolder("clipfusion-kafka-" + name + "-");
        KafkaBroker broker = new KafkaBroker(folder, ServerProcesses.freePort());
        int controllerPort = ServerProcesses.freePort();
        Files.writeString(broker.config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + broker.port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + broker.port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + folder.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                // One broker: every internal topic with one replica, and groups formed without waiting.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=1",
                ""));
        ServerProcesses.run(java(STORAGE_TOOL, "format", "-t", clusterId(), "-c", broker.config.toString()),
                folder.resolve("format.log"), 120);
        broker.start();
        return broker;
    }

    /** Starts (again) on the same log directory and waits until the broker accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(java(MAIN, config.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("broker.log").toFile())).start();
        ServerProcesses.awaitListening(process, "Kafka", port, 120, 100, this::log);
    }

    /** Stops the broker cleanly (SIGTERM: a controlled shutdown), as an operator restarting it would. */
    public synchronized void stop() throws InterruptedException {
        ServerProcesses.stop(process, 60);
    }

    /** Kills the broker (SIGKILL), as a power cut would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** {@code host:port}, as Kafka clients take it in {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic (the broker creates none by itself, as in a plant), compacted if asked. */
    public void createTopic(String name, int partitions, boolean compacted) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(properties)) {
            org.apache.kafka.clients.admin.NewTopic topic =
                    new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(java.util.Map.of("cleanup.policy", "compact"));
            }
            admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
    }

    public String log() {
        try {
            String text = Files.readString(folder.resolve("broker.log"));
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        ServerProcesses.deleteRecursively(folder);
    }

    /** The broker runs on the test's own class path, which holds kafka_2.13 and everything it needs. */
    private static List<String> java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
