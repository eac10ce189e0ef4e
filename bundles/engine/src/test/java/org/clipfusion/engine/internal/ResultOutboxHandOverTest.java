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

/** Every result is in the sinks' outbox before detect returns; one that cannot be stored fails the request. */
class ResultOutboxHandOverTest {
    @TempDir
    Path dataDirectory;

    static final class FakeOutbox implements ResultOutbox {
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
        EngineFixture fixture = new EngineFixture(dataDirectory);
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
            fixture.engine.unbindOutbox(outbox);
            fixture.detect("metal_nut", TestImages.withValue("img", 0.7)); // no outbox: detection goes on
            assertEquals(1, outbox.appended.size());
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
