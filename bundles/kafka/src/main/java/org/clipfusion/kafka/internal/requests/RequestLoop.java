package org.clipfusion.kafka.internal.requests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.kafka.ClusterStatus.PartitionStatus;
import org.clipfusion.kafka.internal.ClusterSettings;
import org.clipfusion.kafka.internal.KafkaClients;
import org.clipfusion.kafka.internal.RecipeSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one request thread: consumes the request topic in the line's consumer group, one record at a time, and
 * commits a record's offset only after its result is stored in the outbox ({@code detect} returns only then) or after
 * the request was rejected to the rejected topic. Before every poll (one record each) it brings the shared recipes up
 * to date, so a node inspects with the newest recipe published before it took the request, and a node that joins
 * catches up before its first inspection.
 *
 * <p>What a crash costs: a node that dies between storing a result and committing the offset leaves the record
 * uncommitted; the group hands it to another node (or to this one after a restart), which inspects it again and
 * stores a second result with the same request id and the same content (detection is deterministic). Nothing is
 * lost; consumers keep one result per request id.
 */
public final class RequestLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLoop.class);
    static final String REJECTION_HEADER = "clipfusion.rejection";
    static final String SOURCE_HEADER = "clipfusion.source";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long STATUS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ClusterSettings settings;
    private final RequestInspector inspector;
    private final RecipeSync recipes;
    private volatile boolean running = true;
    private volatile ClusterStatus status;
    private volatile String state = "STARTING";
    private volatile String lastError = "";
    private long inspected;
    private long rejected;
    private long commitFailures;
    private long inspectionNanos;
    private long handlingNanos;
    private long lastStatusNanos;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> rejections;

    public RequestLoop(ClusterSettings settings, RequestInspector inspector, RecipeSync recipes) {
        this.settings = settings;
        this.inspector = inspector;
        this.recipes = recipes;
        this.status = snapshot(List.of());
    }

    public static RequestInspector inspector(org.clipfusion.api.Detector detector, ClusterSettings settings) {
        return new RequestInspector(detector, new ImageSources(settings.imageRoots(), settings.maxImageBytes()),
                settings.maxInlineImageBytes());
    }

    public ClusterStatus status() {
        return status;
    }

    /** Asks the loop to stop after the request in hand; the loop's thread closes the clients. */
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            consumer = KafkaClients.create(() -> new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()));
            consumer.subscribe(List.of(settings.requestTopic()), new Rebalances());
            while (running) {
                try {
                    state = status.partitions().isEmpty() && inspected == 0 ? "CATCHING_UP" : state;
                    recipes.synchronize();
                    if (!running) {
                        break;
                    }
                    state = "RUNNING";
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (!running) {
                            // Not inspected: seek back so that the next owner gets it; it is not committed anyway.
                            consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                            break;
                        }
                        try {
                            handle(record);
                        } catch (Exception e) {
                            // Not committed: read it again, or the next commit would pass over it.
                            consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
                            throw e;
                        }
                    }
                } catch (WakeupException e) {
                    // stop() was called
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } catch (Exception e) {
                    // Typically the brokers are unreachable: nothing was committed, so nothing is lost. Try again.
                    failed("DISCONNECTED", e);
                    pause(2000);
                }
                refreshStatus(false);
            }
        } catch (RuntimeException e) {
            failed("STOPPED", e);
            LOG.error("Kafka request loop stopped: {}", e.toString(), e);
        } finally {
            closeClients();
            state = "STOPPED";
            refreshStatus(true);
        }
    }

    /** Inspects or rejects one record, then commits its offset. */
    private void handle(ConsumerRecord<byte[], byte[]> record) throws Exception {
        long taken = System.nanoTime();
        long inspection = -1;
        String source = record.topic() + "/" + record.partition() + "/" + record.offset();
        InspectionRequestRecord request;
        try {
            request = inspector.read(record.value());
        } catch (InvalidRequestException e) {
            reject(record, source, e.getMessage());
            commit(record);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                recipes.synchronize(); // the first attempt follows the synchronisation before the poll
            }
            try {
                long started = System.nanoTime();
                DetectionResult result = inspector.inspect(request, source);
                inspection = System.nanoTime() - started;
                LOG.debug("request '{}' from {} inspected: score {}", result.requestId(), source,
                        result.imageScore());
                inspected++;
                break;
            } catch (InvalidRequestException e) {
                reject(record, source, e.getMessage());
                break;
            } catch (DetectionException | java.io.IOException | RuntimeException e) {
                if (attempt >= settings.maxAttempts()) {
                    reject(record, source, "request '" + request.requestId() + "' failed " + attempt + " times: "
                            + e.getMessage());
                    break;
                }
                LOG.warn("request '{}' from {} failed (attempt {} of {}), retrying: {}", request.requestId(), source,
                        attempt, settings.maxAttempts(), e.getMessage());
                pause(1000L << (attempt - 1));
            }
        }
        commit(record);
        if (inspection >= 0) {
            inspectionNanos += inspection;
            handlingNanos += System.nanoTime() - taken;
        }
        refreshStatus(false);
    }

    /**
     * Sends the request to the rejected topic with the reason (so that nothing accepted is lost), or logs it when
     * there is none. One ERROR line either way. Retried until the rejected topic has it.
     */
    private void reject(ConsumerRecord<byte[], byte[]> record, String source, String reason) throws Exception {
        rejected++;
        LOG.error("Kafka request at {} rejected: {}", source, reason);
        if (settings.rejectedTopic().isEmpty()) {
            return;
        }
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(settings.rejectedTopic(), null, record.key(),
                record.value(), record.headers());
        copy.headers().add(REJECTION_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        while (true) {
            try {
                rejections().send(copy).get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                closeRejections();
                failed(state, e);
                if (!running) {
                    throw e; // not committed: the record is redelivered and rejected again
                }
                pause(2000);
            }
        }
    }

    /**
     * Commits the offset after the record. A commit that fails because the group took the partition away means the
     * record is redelivered elsewhere: a second, identical result; counted. A broker outage is waited out.
     */
    private void commit(ConsumerRecord<byte[], byte[]> record) {
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1));
        while (true) {
            try {
                consumer.commitSync(offset, Duration.ofSeconds(30));
                return;
            } catch (CommitFailedException | RebalanceInProgressException e) {
                commitFailures++;
                failed(state, e);
                LOG.warn("offset {} of {}-{} not committed ({}): the request will be inspected again by the partition's"
                        + " next owner, with the same result", record.offset() + 1, record.topic(),
                        record.partition(), e.getMessage());
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                failed("DISCONNECTED", e);
                if (!running) {
                    return;
                }
            }
        }
    }

    private Properties consumerProperties() {
        Properties properties = KafkaClients.copy(settings.client());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                Long.toString(TimeUnit.MINUTES.toMillis(settings.maxInspectionMinutes())));
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "clipfusion-" + settings.nodeId());
        return properties;
    }

    private KafkaProducer<byte[], byte[]> rejections() {
        if (rejections == null) {
            Properties properties = KafkaClients.copy(settings.client());
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "clipfusion-rejections-" + settings.nodeId());
            properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            rejections = KafkaClients.create(() -> new KafkaProducer<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer()));
        }
        return rejections;
    }

    private void closeRejections() {
        if (rejections != null) {
            rejections.close(Duration.ZERO);
            rejections = null;
        }
    }

    private void closeClients() {
        closeRejections();
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.debug("closing the request consumer: {}", e.toString());
            }
        }
        recipes.close();
    }

    private void failed(String newState, Exception e) {
        state = newState;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.debug("Kafka request loop: {}", lastError, e);
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Owned partitions, positions and lag, from the consumer's own fetch state (no broker round trip). */
    private void refreshStatus(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastStatusNanos < STATUS_EVERY_NANOS) {
            return;
        }
        lastStatusNanos = now;
        List<PartitionStatus> partitions = new ArrayList<>();
        if (consumer != null && running) {
            try {
                for (TopicPartition partition : consumer.assignment()) {
                    long position = consumer.position(partition, Duration.ofMillis(200));
                    long lag = consumer.currentLag(partition).orElse(-1);
                    partitions.add(new PartitionStatus(partition.topic(), partition.partition(), position, lag));
                }
            } catch (RuntimeException e) {
                LOG.debug("status of the request partitions: {}", e.toString());
            }
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        status = snapshot(partitions);
    }

    private ClusterStatus snapshot(List<PartitionStatus> partitions) {
        return new ClusterStatus(settings.nodeId(), settings.bootstrapServers(), settings.groupId(),
                settings.requestTopic(), state, partitions, recipes.statuses(), inspected, rejected, commitFailures,
                inspectionNanos, handlingNanos, lastError, Instant.now());
    }

    /** Logs what the group gives and takes; revocation happens inside poll, when no request is in hand. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("node '{}' hands over request partitions {}", settings.nodeId(), partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("node '{}' owns request partitions {} of group '{}'", settings.nodeId(), partitions,
                    settings.groupId());
        }
    }
}
