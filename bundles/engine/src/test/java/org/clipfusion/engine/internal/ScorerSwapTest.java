package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerServing;
import org.clipfusion.api.spi.ScorerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scorer swaps as a plant sees them: a request for a momentarily absent scorer waits for it (bounded), one whose
 * model failed fails at once, and a model replaced make-before-break is closed only after the request running on it.
 */
class ScorerSwapTest {
    @TempDir
    Path dataDirectory;

    private EngineFixture engine(int serviceWaitSeconds) {
        EngineFixture fixture = new EngineFixture(dataDirectory, "serviceWaitSeconds", serviceWaitSeconds);
        fixture.bind(TestStrategy.max("max"), 0);
        fixture.category("name", "hazelnut", "scorers", "clip");
        return fixture;
    }

    /** The scorer was registered and left: its bundle is restarting. */
    private static void restarting(EngineFixture fixture) {
        TestScorer before = fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
        fixture.engine.unbindScorer(before, before.properties(0, 1));
    }

    @Test
    void aScorerNeverRegisteredNorAnnouncedFailsAtOnce() {
        try (EngineFixture fixture = engine(60)) {
            long start = System.nanoTime();
            DetectionException e = assertThrows(DetectionException.class,
                    () -> fixture.detect("hazelnut", TestImages.withValue("img", 0.3)));
            assertEquals("category 'hazelnut' needs scorer 'clip', which is not registered (registered: none)",
                    e.getMessage());
            assertTrue((System.nanoTime() - start) / 1e9 < 30, "it waited for a scorer nobody configured");
        }
    }

    @Test
    void aRequestWaitsForAnAbsentScorerAndRunsOnItWhenItArrives() throws Exception {
        try (EngineFixture fixture = engine(30)) {
            restarting(fixture);
            CompletableFuture<DetectionResult> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return fixture.detect("hazelnut", TestImages.withValue("img", 0.3));
                } catch (DetectionException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(pending.isDone(), "the request did not wait for the scorer");
            fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
            DetectionResult result = pending.get(30, TimeUnit.SECONDS);
            assertEquals(0.3, result.map().max(), 1e-6);
        }
    }

    @Test
    void aScorerAbsentLongerThanTheWaitFailsTheRequestSayingSo() {
        try (EngineFixture fixture = engine(1)) {
            restarting(fixture);
            long start = System.nanoTime();
            DetectionException e = assertThrows(DetectionException.class,
                    () -> fixture.detect("hazelnut", TestImages.withValue("img", 0.3)));
            double waited = (System.nanoTime() - start) / 1e9;
            assertTrue(e.getMessage().contains("needs scorer 'clip', which is not registered")
                    && e.getMessage().contains("waited 1 s"), e.getMessage());
            assertTrue(waited >= 0.9, "failed after " + waited + " s");
        }
    }

    @Test
    void aScorerWhoseModelFailedToLoadFailsTheRequestAtOnceWithTheReason() {
        try (EngineFixture fixture = engine(60)) {
            fixture.engine.bindScorerStatus(new ScorerStatus() {
                @Override
                public String scorerId() {
                    return "clip";
                }

                @Override
                public State state() {
                    return State.FAILED;
                }

                @Override
                public String detail() {
                    return "failed (/models/x: model.safetensors not found)";
                }
            });
            long start = System.nanoTime();
            DetectionException e = assertThrows(DetectionException.class,
                    () -> fixture.detect("hazelnut", TestImages.withValue("img", 0.3)));
            assertTrue(e.getMessage().contains("model.safetensors not found"), e.getMessage());
            assertTrue((System.nanoTime() - start) / 1e9 < 30, "it waited for a scorer that cannot come");
        }
    }

    @Test
    void aReplacedModelClosesAfterTheRequestRunningOnItAndThatRequestNamesIt() throws Exception {
        try (EngineFixture fixture = engine(30)) {
            AtomicLong serviceIds = new AtomicLong(100);
            CountDownLatch swapped = new CountDownLatch(1);
            ScorerServing serving = new ScorerServing("Test", "clip", new ScorerServing.Publisher() {
                @Override
                public Runnable publish(Scorer scorer, String description) {
                    Map<String, Object> properties = Map.of("clipfusion.id", scorer.id(),
                            "service.id", serviceIds.incrementAndGet(), "service.ranking", 0);
                    fixture.engine.bindScorer(scorer, properties);
                    return () -> fixture.engine.unbindScorer(scorer, properties);
                }

                @Override
                public void statusChanged(ScorerServing status) {
                    // Called once the previous model is withdrawn: from then on only the new one is chosen.
                    if (status.detail().equals("serving model b")) {
                        swapped.countDown();
                    }
                }
            });
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean firstClosed = new AtomicBoolean();
            TestScorer first = new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8).withReferences("weights-a")
                    .maps((image, bank) -> {
                        if (TestImages.valueOf(image) > 0.8) { // the request under test, not the verification
                            started.countDown();
                            await(release);
                        }
                        return TestScorer.constant(8, 0.1);
                    });
            TestScorer second = new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8).withReferences("weights-b")
                    .maps((image, bank) -> TestScorer.constant(8, 0.2));
            serving.load("clip", "model a", () -> new ScorerServing.Loaded(first, () -> firstClosed.set(true)));
            awaitTrue(() -> serving.state() == ScorerStatus.State.SERVING);

            CompletableFuture<DetectionResult> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return fixture.detect("hazelnut", TestImages.withValue("slow", 0.9));
                } catch (DetectionException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            serving.load("clip", "model b", () -> new ScorerServing.Loaded(second, () -> { }));
            assertTrue(swapped.await(30, TimeUnit.SECONDS), serving.detail());

            DetectionResult onNew = fixture.detect("hazelnut", TestImages.withValue("next", 0.3));
            assertEquals(0.2, onNew.map().max(), 1e-6);
            assertEquals("sha-weights-b", onNew.provenance().models().get(0).sha256());
            assertFalse(firstClosed.get(), "the old model was closed under a request still running on it");

            release.countDown();
            DetectionResult onOld = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(0.1, onOld.map().max(), 1e-6);
            assertEquals("sha-weights-a", onOld.provenance().models().get(0).sha256());
            awaitTrue(firstClosed::get);
            serving.stop();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }
}
