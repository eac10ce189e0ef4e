package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ResultOutbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every result is in the sinks' outbox before detect returns; one that cannot be stored fails the request, and so
 * does one whose outbox stays away longer than {@code outboxWaitSeconds}: nothing is acknowledged unrecorded.
 */
class ResultOutboxHandOverTest {
    @TempDir
    Path dataDirectory;

    static class FakeOutbox implements ResultOutbox {
        final List<DetectionResult> appended = new CopyOnWriteArrayList<>();
        volatile boolean diskFull;

        @Override
        public void append(DetectionResult result) throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device");
            }
            appended.add(result);
        }
    }

    private EngineFixture engine() throws Exception {
        return engine(1);
    }

    private EngineFixture engine(int outboxWaitSeconds) throws Exception {
        EngineFixture fixture = new EngineFixture(dataDirectory, "outboxWaitSeconds", outboxWaitSeconds);
        fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
        fixture.bind(TestStrategy.max("max"), 0);
        fixture.category("name", "metal_nut");
        return fixture;
    }

    @Test
    void theResultIsAppendedBeforeDetectReturns() throws Exception {
        FakeOutbox outbox = new FakeOutbox();
        try (EngineFixture fixture = engine()) {
            fixture.engine.bindOutbox(outbox);
            DetectionResult result = fixture.detect("metal_nut", TestImages.withValue("img", 0.7));
            assertEquals(1, outbox.appended.size());
            assertSame(result, outbox.appended.get(0));
        }
    }

    @Test
    void withNoSinksEverInstalledResultsGoToTheCallerOnly() throws Exception {
        try (EngineFixture fixture = engine()) {
            DetectionResult result = fixture.detect("metal_nut", TestImages.withValue("img", 0.7));
            assertEquals("metal_nut", result.provenance().category());
        }
    }

    @Test
    void whileTheOutboxIsAwayARequestWaitsAndThenFailsUnrecorded() throws Exception {
        FakeOutbox outbox = new FakeOutbox();
        try (EngineFixture fixture = engine(1)) {
            fixture.engine.bindOutbox(outbox);
            fixture.engine.unbindOutbox(outbox);
            long start = System.nanoTime();
            DetectionException e = assertThrows(DetectionException.class,
                    () -> fixture.detect("metal_nut", TestImages.withValue("img", 0.7)));
            double waited = (System.nanoTime() - start) / 1e9;
            assertTrue(e.getMessage().contains("not recorded") && e.getMessage().contains("1 s"), e.getMessage());
            assertTrue(waited >= 0.9, "failed after " + waited + " s, before the configured wait of 1 s");
            assertTrue(outbox.appended.isEmpty());
        }
    }

    @Test
    void aRequestWaitingForTheOutboxIsRecordedInTheOneThatComesBack() throws Exception {
        FakeOutbox first = new FakeOutbox();
        FakeOutbox second = new FakeOutbox();
        try (EngineFixture fixture = engine(30)) {
            fixture.engine.bindOutbox(first);
            fixture.engine.unbindOutbox(first);
            Thread rebind = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fixture.engine.bindOutbox(second);
            });
            rebind.start();
            DetectionResult result = fixture.detect("metal_nut", TestImages.withValue("img", 0.7));
            rebind.join();
            assertEquals(List.of(result), second.appended);
            assertTrue(first.appended.isEmpty());
        }
    }

    @Test
    void anAppendCutShortByTheOutboxStoppingGoesToItsSuccessor() throws Exception {
        FakeOutbox second = new FakeOutbox();
        try (EngineFixture fixture = engine(30)) {
            FakeOutbox[] stopping = new FakeOutbox[1];
            stopping[0] = new FakeOutbox() {
                @Override
                public void append(DetectionResult result) throws IOException {
                    fixture.engine.unbindOutbox(stopping[0]); // stopped under the append
                    fixture.engine.bindOutbox(second);
                    throw new IOException("the result outbox is not open");
                }
            };
            fixture.engine.bindOutbox(stopping[0]);
            DetectionResult result = fixture.detect("metal_nut", TestImages.withValue("img", 0.7));
            assertEquals(List.of(result), second.appended);
        }
    }

    @Test
    void aResultThatCannotBeStoredFailsTheRequestSayingWhy() throws Exception {
        FakeOutbox outbox = new FakeOutbox();
        outbox.diskFull = true;
        try (EngineFixture fixture = engine()) {
            fixture.engine.bindOutbox(outbox);
            DetectionException e = assertThrows(DetectionException.class,
                    () -> fixture.detect("metal_nut", TestImages.withValue("img", 0.7)));
            assertTrue(e.getMessage().contains("could not be stored for the result sinks: No space left on device"),
                    e.getMessage());
        }
    }

    @Test
    void aCategoryThatDoesNotDeliverToSinksKeepsItsResultsOutOfTheOutbox() throws Exception {
        FakeOutbox outbox = new FakeOutbox();
        try (EngineFixture fixture = engine()) {
            fixture.category("name", "trial", "deliverToSinks", false);
            fixture.engine.bindOutbox(outbox);
            fixture.detect("trial", TestImages.withValue("img", 0.7));
            fixture.detect("metal_nut", TestImages.withValue("img", 0.7));
            assertEquals(List.of("metal_nut"), outbox.appended.stream().map(r -> r.provenance().category()).toList());
        }
    }
}
