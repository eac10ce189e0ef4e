package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.sinks.SinkProperties;
import org.clipfusion.sinks.SinkState;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component as SCR drives it: sinks bound before and after activation, unbound, and the outbox closed. */
class OutboxComponentTest {
    @TempDir
    Path folder;

    private OutboxConfig config() {
        return ConfigAnnotations.of(OutboxConfig.class, "directory", folder.toString(), "maxEntries", 100,
                "maxAgeHours", 1.0, "initialBackoffMillis", 10L, "maxBackoffMillis", 20L);
    }

    @Test
    void sinksBoundBeforeOrAfterActivationAllGetEveryResult() throws Exception {
        OutboxComponent component = new OutboxComponent();
        RecordingSink early = new RecordingSink("early");
        RecordingSink late = new RecordingSink("late");
        component.bindSink(early, Map.of(SinkProperties.KIND, "file"));
        component.activate(config());
        component.bindSink(late, Map.of(SinkProperties.KIND, "mqtt"));
        component.append(SampleResults.withId("r1"));
        OutboxTest.awaitTrue(() -> early.received.size() == 1 && late.received.size() == 1);
        assertEquals("file", component.sinks().get(0).kind());
        component.unbindSink(late);
        assertEquals(SinkState.ABSENT, component.sinks().get(1).state());
        component.deactivate();
        assertTrue(component.sinks().isEmpty());
        assertThrows(IOException.class, () -> component.append(SampleResults.withId("r2")));
    }

    @Test
    void aSecondSinkWithTheSameIdIsRefusedAndTheFirstKeepsWorking() throws Exception {
        OutboxComponent component = new OutboxComponent();
        component.activate(config());
        RecordingSink first = new RecordingSink("same");
        component.bindSink(first, Map.of());
        component.bindSink(new RecordingSink("same"), Map.of());
        component.append(SampleResults.withId("r1"));
        OutboxTest.awaitTrue(() -> first.received.size() == 1);
        assertEquals(1, component.sinks().size());
        component.deactivate();
    }
}
