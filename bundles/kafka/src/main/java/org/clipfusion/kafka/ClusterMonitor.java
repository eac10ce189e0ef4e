package org.clipfusion.kafka;

/**
 * This node's view of its ClipFusion cluster, registered while {@code etc/org.clipfusion.kafka.cfg} is in force.
 * Cheap to call (a snapshot the node keeps up to date every few seconds), so metrics exporters may poll it.
 */
public interface ClusterMonitor {

    ClusterStatus status();
}
