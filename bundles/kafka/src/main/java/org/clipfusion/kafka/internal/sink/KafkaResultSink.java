package org.clipfusion.kafka.internal.sink;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.kafka.internal.KafkaClientProperties;
import org.clipfusion.kafka.internal.KafkaClients;
import org.clipfusion.sinks.UndeliverableResultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each result and returns only once every in-sync replica has it ({@code acks=all}), so the outbox moves on only
 * from results the cluster holds. The producer is idempotent: its own retries after a lost acknowledgement never
 * write a result twice. A delivery the outbox repeats (after a timeout or a restart) is a new record with the same key
 * and the same content; consumers keep one per request id (or read a compacted topic).
 *
 * <p>A failed or timed-out send closes the producer, so that no send of it is still pending when the outbox retries
 * with a fresh one: the outbox keeps the order, the producer never holds a second copy.
 */
final class KafkaResultSink implements ResultSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaResultSink.class);

    private final KafkaSinkSettings settings;
    private KafkaProducer<byte[], byte[]> producer;

    KafkaResultSink(KafkaSinkSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public synchronized void deliver(DetectionResult result) throws Exception {
        try {
            producer().send(ResultRecords.of(settings.topic(), result, settings.pngMaps()))
                    .get(settings.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            closeProducer();
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw new UndeliverableResultException("Kafka sink '" + id() + "': the result of request '"
                        + result.requestId() + "' is larger than the topic takes (" + tooLarge.getMessage()
                        + "); raise max.message.bytes on the topic and kafka.max.request.size, or set maps = none",
                        tooLarge);
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            closeProducer();
            throw new TimeoutException("Kafka sink '" + id() + "': no acknowledgement from " + bootstrap()
                    + " within " + settings.timeoutSeconds() + " s");
        } catch (RuntimeException e) {
            closeProducer();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closeProducer();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = KafkaClients.copy(settings.client());
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "clipfusion-sink-" + id());
            properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    Integer.toString(settings.timeoutSeconds() * 1000));
            properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    Integer.toString(Math.min(30_000, settings.timeoutSeconds() * 1000)));
            properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(settings.timeoutSeconds()
                    * 1000));
            properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = KafkaClients.create(() -> new KafkaProducer<>(properties, new ByteArraySerializer(),
                    new ByteArraySerializer()));
            LOG.info("Kafka sink '{}' sends to topic {} on {} (client settings {})", id(), settings.topic(),
                    bootstrap(), KafkaClientProperties.describe(settings.client()));
        }
        return producer;
    }

    private String bootstrap() {
        return settings.client().getProperty("bootstrap.servers");
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("Kafka sink '{}': closing the producer failed: {}", id(), e.toString());
            }
            producer = null;
        }
    }
}
