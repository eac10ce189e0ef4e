package org.clipfusion.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void passesKafkaPrefixedPropertiesThroughAsTheyAre() {
        Properties client = KafkaClientProperties.of("test", " kafka1:9093,kafka2:9093 ", Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"line3\" password=\"secret\";",
                "kafka.ssl.truststore.location", "/etc/clipfusion/truststore.p12",
                "topic", "not a client setting"), Set.of("acks"));
        Properties expected = new Properties();
        expected.setProperty("bootstrap.servers", "kafka1:9093,kafka2:9093");
        expected.setProperty("security.protocol", "SASL_SSL");
        expected.setProperty("sasl.mechanism", "SCRAM-SHA-512");
        expected.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"line3\" password=\"secret\";");
        expected.setProperty("ssl.truststore.location", "/etc/clipfusion/truststore.p12");
        assertEquals(expected, client);
        assertEquals("[bootstrap.servers, sasl.jaas.config, sasl.mechanism, security.protocol, "
                + "ssl.truststore.location]", KafkaClientProperties.describe(client));
    }

    @Test
    void refusesASettingThatCarriesAGuaranteeAndAMissingBootstrap() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientProperties.of("Kafka sink 'plant'", "k:9092", Map.of("kafka.acks", "1"),
                        Set.of("acks")));
        assertEquals("Kafka sink 'plant': kafka.acks cannot be set: ClipFusion sets 'acks' itself (it carries the "
                + "delivery guarantee)", reserved.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientProperties.of("etc/org.clipfusion.kafka.cfg", " ", Map.of(), Set.of()));
        assertEquals("etc/org.clipfusion.kafka.cfg: set bootstrapServers, e.g. kafka1.plant.local:9092",
                missing.getMessage());
    }
}
