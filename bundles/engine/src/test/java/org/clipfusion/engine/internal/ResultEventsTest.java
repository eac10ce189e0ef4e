package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Results are posted on EventAdmin when there is one, and detection never depends on it. */
class ResultEventsTest {
    @TempDir
    Path dataDirectory;

    /** Collects posted events; sending synchronously is not expected. */
    static final class FakeEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();
        volatile boolean broken;

        @Override
        public void postEvent(Event event) {
            if (broken) {
                throw new IllegalStateException("event admin stopped");
            }
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("results are posted, not sent");
        }
    }

    private EngineFixture engine() {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
        fixture.bind(TestStrategy.max("max"), 0);
        return fixture;
    }

    @Test
    void everyResultIsPostedWithTheDocumentedTopicAndProperties() throws Exception {
        FakeEventAdmin events = new FakeEventAdmin();
        try (EngineFixture fixture = engine()) {
            fixture.engine.bindEventAdmin(events);
            fixture.category("name", "metal_nut", "thresholdMode", "value", "threshold", 0.5);

            DetectionResult result = fixture.detect("metal_nut", TestImages.withValue("img", 0.7));

            assertEquals(1, events.posted.size());
            Event event = events.posted.get(0);
            assertEquals("org/clipfusion/result/metal_nut", event.getTopic());
            assertSame(result, event.getProperty("result"));
            assertEquals(result.requestId(), event.getProperty("requestId"));
            assertEquals("metal_nut", event.getProperty("category"));
            assertEquals(result.imageScore(), event.getProperty("imageScore"));
            assertEquals("ANOMALOUS", event.getProperty("decision"));
            assertEquals("max", event.getProperty("fusionStrategy"));
            assertTrue(Set.of(event.getPropertyNames()).containsAll(Set.of("result", "requestId", "category",
                    "imageScore", "decision", "fusionStrategy")));
        }
    }

    @Test
    void categoryNamesAreMadeTopicSafe() {
        assertEquals("org/clipfusion/result/screw_v2", ResultEvents.topicOf("screw.v2"));
        assertEquals("org/clipfusion/result/pcb-1_a", ResultEvents.topicOf("pcb-1_a"));
    }

    @Test
    void withoutEventAdminOrWithABrokenOneDetectionStillSucceeds() throws Exception {
        FakeEventAdmin events = new FakeEventAdmin();
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "bottle");
            fixture.detect("bottle", TestImages.withValue("a", 0.1));

            fixture.engine.bindEventAdmin(events);
            events.broken = true;
            fixture.detect("bottle", TestImages.withValue("b", 0.1));

            events.broken = false;
            fixture.engine.unbindEventAdmin(events);
            fixture.detect("bottle", TestImages.withValue("c", 0.1));
            assertEquals(0, events.posted.size());
        }
    }

    @Test
    void aGreedyReplacementIsKeptWhenTheOldEventAdminIsUnbound() throws Exception {
        FakeEventAdmin old = new FakeEventAdmin();
        FakeEventAdmin replacement = new FakeEventAdmin();
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "bottle");
            fixture.engine.bindEventAdmin(old);
            fixture.engine.bindEventAdmin(replacement);
            fixture.engine.unbindEventAdmin(old);

            fixture.detect("bottle", TestImages.withValue("a", 0.1));

            assertEquals(0, old.posted.size());
            assertEquals(1, replacement.posted.size());
        }
    }
}
