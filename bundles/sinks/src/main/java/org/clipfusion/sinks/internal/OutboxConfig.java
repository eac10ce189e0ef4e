package org.clipfusion.sinks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.clipfusion.sinks.outbox.cfg}; every key is optional. */
@ObjectClassDefinition(name = "ClipFusion result outbox",
        description = "Durable store-and-forward buffer between detection and the result sinks")
@interface OutboxConfig {
    @AttributeDefinition(description = "Folder of the outbox; empty for ${karaf.data}/clipfusion/outbox")
    String directory() default "";

    @AttributeDefinition(description = "Most undelivered results kept; the oldest are dropped beyond it (ERROR log)."
            + " Each holds the fused map: about 260 KB on the default 256 grid")
    int maxEntries() default 10_000;

    @AttributeDefinition(description = "Oldest an undelivered result may get, in hours; older ones are dropped")
    double maxAgeHours() default 168;

    @AttributeDefinition(description = "First wait after a failed delivery, ms; doubles per failure")
    long initialBackoffMillis() default 1_000;

    @AttributeDefinition(description = "Longest wait between retries, ms")
    long maxBackoffMillis() default 60_000;
}
