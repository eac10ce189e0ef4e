package org.clipfusion.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.clipfusion.kafka.cfg}: this node as a member of a ClipFusion cluster. Properties named
 * {@code kafka.X} are passed to every Kafka client of the node as {@code X} (TLS, SASL).
 */
@ObjectClassDefinition(name = "ClipFusion cluster on Kafka",
        description = "Inspection requests from a consumer group and recipes shared over a compacted topic")
@interface ClusterConfig {
    @AttributeDefinition(description = "Kafka bootstrap servers, e.g. kafka1:9092,kafka2:9092")
    String bootstrapServers();

    @AttributeDefinition(description = "Consumer group: every ClipFusion node of one line has the same")
    String groupId() default "clipfusion";

    @AttributeDefinition(description = "This node's name in the cluster; empty for the host name and Karaf name")
    String nodeId() default "";

    @AttributeDefinition(description = "Topic of inspection requests (clipfusion.request/1)")
    String requestTopic() default "clipfusion.requests";

    @AttributeDefinition(description = "Topic that receives requests that can never be inspected, with the reason; "
            + "empty: such requests are only logged (they stay in the request topic)")
    String rejectedTopic() default "clipfusion.requests.rejected";

    @AttributeDefinition(description = "Compacted topic of shared categories and fitted banks; empty: no sharing")
    String recipeTopic() default "clipfusion.recipes";

    @AttributeDefinition(description = "Largest inline image (bytes, decoded)")
    int maxInlineImageBytes() default 16 * 1024 * 1024;

    @AttributeDefinition(description = "Folders whose files requests may reference by imageUri (file: URIs); empty:"
            + " none")
    String[] imageRoots() default {};

    @AttributeDefinition(description = "Largest image file read from imageUri (bytes)")
    long maxImageBytes() default 64L * 1024 * 1024;

    @AttributeDefinition(description = "Most minutes one request may take before the group hands its partition to "
            + "another node (Kafka's max.poll.interval.ms); above the slowest inspection")
    int maxInspectionMinutes() default 30;

    @AttributeDefinition(description = "Attempts at a request whose detection fails before it is rejected")
    int maxAttempts() default 3;

    @AttributeDefinition(description = "Seconds between checks for locally changed categories and fits to share")
    int recipeScanSeconds() default 5;
}
