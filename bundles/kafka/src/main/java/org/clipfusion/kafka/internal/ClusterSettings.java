package org.clipfusion.kafka.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** The cluster configuration, checked. */
public record ClusterSettings(String nodeId, String groupId, String requestTopic, String rejectedTopic,
                             String recipeTopic, int maxInlineImageBytes, List<Path> imageRoots, long maxImageBytes,
                             int maxInspectionMinutes, int maxAttempts, int recipeScanSeconds, Properties client) {
    /** What carries the node's guarantees; refused as kafka.* overrides. */
    static final Set<String> RESERVED = Set.of("group.id", "enable.auto.commit", "key.deserializer",
            "value.deserializer", "key.serializer", "value.serializer", "enable.idempotence", "acks",
            "max.poll.interval.ms", "isolation.level", "transactional.id");

    public ClusterSettings {
        requireTopic("requestTopic", requestTopic, false);
        requireTopic("rejectedTopic", rejectedTopic, true);
        requireTopic("recipeTopic", recipeTopic, true);
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("etc/org.clipfusion.kafka.cfg: groupId must not be empty");
        }
        if (maxInlineImageBytes < 1 || maxImageBytes < 1 || maxInspectionMinutes < 1 || maxAttempts < 1
                || recipeScanSeconds < 1) {
            throw new IllegalArgumentException("etc/org.clipfusion.kafka.cfg: maxInlineImageBytes, maxImageBytes, "
                    + "maxInspectionMinutes, maxAttempts and recipeScanSeconds must be positive");
        }
        imageRoots = List.copyOf(imageRoots);
    }

    static ClusterSettings from(ClusterConfig config, Map<String, ?> properties) {
        Properties client = KafkaClientProperties.of("etc/org.clipfusion.kafka.cfg", config.bootstrapServers(),
                properties, RESERVED);
        String node = config.nodeId().isBlank() ? defaultNodeId() : config.nodeId().trim();
        List<Path> roots = Arrays.stream(config.imageRoots()).map(String::trim).filter(root -> !root.isEmpty())
                .map(Path::of).toList();
        return new ClusterSettings(node, config.groupId().trim(), config.requestTopic().trim(),
                config.rejectedTopic().trim(), config.recipeTopic().trim(), config.maxInlineImageBytes(), roots,
                config.maxImageBytes(), config.maxInspectionMinutes(), config.maxAttempts(),
                config.recipeScanSeconds(), client);
    }

    public String bootstrapServers() {
        return client.getProperty("bootstrap.servers");
    }

    private static String defaultNodeId() {
        String karaf = System.getProperty("karaf.name", "root");
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + karaf;
        } catch (UnknownHostException e) {
            return karaf;
        }
    }

    private static void requireTopic(String key, String topic, boolean mayBeEmpty) {
        if (topic.isEmpty() && mayBeEmpty) {
            return;
        }
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("etc/org.clipfusion.kafka.cfg: " + key + " = '" + topic
                    + "' must be 1 to 249 letters, digits, '.', '_' or '-'");
        }
    }
}
