/**
 * ClipFusion as a member of a Kafka-based plant: the state of this node in its consumer group and of the recipes it
 * holds, for the {@code clipfusion:cluster} command and for metrics ({@link org.clipfusion.kafka.ClusterMonitor}).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.kafka;
