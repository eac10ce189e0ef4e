package org.clipfusion.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of this node in its cluster.
 *
 * @param nodeId           this node's name in the cluster (client ids, recipe origins)
 * @param bootstrapServers the Kafka cluster
 * @param groupId          the consumer group every node of the line shares
 * @param requestTopic     the topic requests are read from
 * @param state            {@code STARTING}, {@code CATCHING_UP} (reading shared recipes before inspecting),
 *                         {@code RUNNING}, {@code DISCONNECTED} (no broker reached lately) or {@code STOPPED}
 * @param partitions       the request partitions this node owns now, with its position and lag
 * @param recipes          the shared recipes this node knows
 * @param inspected        requests inspected and committed since start
 * @param rejected         requests refused (malformed, unknown category, unreadable image), sent to the rejected topic
 * @param commitFailures   offsets that could not be committed (the request is redelivered: same result again)
 * @param inspectionNanos  time spent in {@code detect} for the inspected requests (inference, fusion, outbox)
 * @param handlingNanos    time from taking a request to committing it, for the inspected requests: minus
 *                         {@code inspectionNanos}, the per-node overhead (parsing, image decoding, recipe checks,
 *                         commits)
 * @param lastError        the latest error, empty if none
 * @param updated          when this snapshot was taken
 */
public record ClusterStatus(String nodeId, String bootstrapServers, String groupId, String requestTopic, String state,
                            List<PartitionStatus> partitions, List<RecipeStatus> recipes, long inspected,
                            long rejected, long commitFailures, long inspectionNanos, long handlingNanos,
                            String lastError, Instant updated) {
    public ClusterStatus {
        partitions = List.copyOf(partitions);
        recipes = List.copyOf(recipes);
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(updated, "updated");
    }

    /** The total lag over the owned partitions; -1 when unknown. */
    public long totalLag() {
        long total = 0;
        for (PartitionStatus partition : partitions) {
            if (partition.lag() < 0) {
                return -1;
            }
            total += partition.lag();
        }
        return total;
    }

    /**
     * @param position the offset of the next request this node will read
     * @param lag      requests waiting behind it; -1 when unknown
     */
    public record PartitionStatus(String topic, int partition, long position, long lag) {
    }

    /**
     * @param category    the category's name
     * @param version     the shared version (1, 2, ...); 0 for a local category not yet shared
     * @param digest      SHA-256 of the definition and fit (first 12 hex digits shown by the shell)
     * @param origin      the node that published it
     * @param publishedAt when it was published
     * @param state       {@code CURRENT} (this node applies it), {@code PENDING} (parts of it still arriving),
     *                    {@code PUBLISHING}, or {@code FAILED} (see the log)
     * @param categoryVersion the engine's version of the category as this node applies it, which every result
     *                        names ({@code provenance.categoryVersion}); equal on every node that applies the
     *                        same recipe; empty while the engine does not hold the category
     */
    public record RecipeStatus(String category, long version, String digest, String origin, Instant publishedAt,
                               String state, String categoryVersion) {
        public RecipeStatus {
            categoryVersion = categoryVersion == null ? "" : categoryVersion;
        }

        /** A recipe without the engine's category version (as reported before it was kept). */
        public RecipeStatus(String category, long version, String digest, String origin, Instant publishedAt,
                            String state) {
            this(category, version, digest, origin, publishedAt, state, "");
        }
    }
}
