package org.clipfusion.kafka.internal;

import java.util.Properties;
import java.util.function.Supplier;

/**
 * Creates Kafka clients with this bundle's class loader as the thread's context class loader: kafka-clients loads
 * configured classes (partitioners, assignors, SASL login modules) through the context class loader when one is set,
 * and inside Karaf that is rarely the loader that can see them.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    public static <T> T create(Supplier<T> factory) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return factory.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static Properties copy(Properties base) {
        Properties copy = new Properties();
        copy.putAll(base);
        return copy;
    }
}
