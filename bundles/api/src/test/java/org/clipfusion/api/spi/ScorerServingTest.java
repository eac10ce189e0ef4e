package org.clipfusion.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.junit.jupiter.api.Test;

/** Make-before-break serving and reference-counted closing, with a publisher that records what it is asked. */
class ScorerServingTest {

    /** What the framework would see: registrations in order, and withdrawals. */
    static final class RecordingPublisher implements ScorerServing.Publisher {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Scorer> registered = new CopyOnWriteArrayList<>();

        @Override
        public Runnable publish(Scorer scorer, String description) {
            events.add("register " + description);
            registered.add(scorer);
            return () -> {
                events.add("withdraw " + description);
                registered.remove(scorer);
            };
        }

        @Override
        public void statusChanged(ScorerServing status) {
        }
    }

    /** A scorer whose map holds one value; it counts the scores it was asked for after being closed. */
    static final class FakeScorer implements Scorer {
        final float value;
        volatile boolean closed;
        final AtomicInteger scoredWhileClosed = new AtomicInteger();

        FakeScorer(float value) {
            this.value = value;
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public List<ModelInfo> models() {
            return List.of(new ModelInfo("fake-" + value, "/m", "00"));
        }

        @Override
        public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank) {
            if (closed) {
                scoredWhileClosed.incrementAndGet();
            }
            return new ScorerOutput(Map.of(MapRole.CLIP_LANGUAGE, new AnomalyMap(1, 1, new float[] {value},
                    MapRole.CLIP_LANGUAGE, "fake")), OptionalDouble.of(value));
        }

        @Override
        public boolean supportsReferences() {
            return false;
        }

        @Override
        public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReferenceBank readBank(InputStream in) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theNewModelIsRegisteredBeforeTheOldIsWithdrawnAndTheOldClosesAfterItsLastLease() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        ScorerServing serving = new ScorerServing("Fake", "fake", publisher);
        FakeScorer first = new FakeScorer(0.1f);
        FakeScorer second = new FakeScorer(0.2f);
        assertEquals(ScorerStatus.State.LOADING, serving.state());
        serving.load("fake", "a", () -> new ScorerServing.Loaded(first, () -> first.closed = true));
        await(() -> serving.state() == ScorerStatus.State.SERVING);
        Scorer published = publisher.registered.get(0);
        ScorerLease inFlight = published.acquire().orElseThrow();

        serving.load("fake", "b", () -> new ScorerServing.Loaded(second, () -> second.closed = true));
        await(() -> serving.detail().equals("serving b"));
        assertEquals(List.of("register a", "register b", "withdraw a"), publisher.events);
        assertFalse(first.closed, "closed under a lease");
        assertEquals(Optional.empty(), published.acquire(), "a retired model hands out no new leases");
        inFlight.close();
        assertTrue(first.closed);
        inFlight.close(); // idempotent
        serving.stop();
        assertEquals("withdraw b", publisher.events.get(publisher.events.size() - 1));
        assertTrue(second.closed);
    }

    @Test
    void aModelThatFailsToLoadIsNeverPublishedAndTheOldKeepsServing() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        ScorerServing serving = new ScorerServing("Fake", "fake", publisher);
        serving.load("fake", "missing", () -> {
            throw new java.io.IOException("/models/x/model.safetensors: no such file");
        });
        await(() -> serving.state() == ScorerStatus.State.FAILED);
        assertEquals("failed (/models/x/model.safetensors: no such file)", serving.detail());
        assertTrue(publisher.registered.isEmpty());

        FakeScorer good = new FakeScorer(0.3f);
        serving.load("fake", "good", () -> new ScorerServing.Loaded(good, () -> good.closed = true));
        await(() -> serving.state() == ScorerStatus.State.SERVING);
        FakeScorer nan = new FakeScorer(Float.NaN);
        serving.load("fake", "broken", () -> new ScorerServing.Loaded(nan, () -> nan.closed = true));
        await(() -> serving.detail().contains("failed"));
        assertEquals(ScorerStatus.State.SERVING, serving.state());
        assertTrue(serving.detail().startsWith("serving good; the new configuration failed (verification:"),
                serving.detail());
        assertTrue(nan.closed, "a model that failed verification is released");
        assertEquals(List.of("register good"), publisher.events);
        serving.stop();
    }

    @Test
    void onlyTheNewestOfSeveralQueuedConfigurationsIsLoaded() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        ScorerServing serving = new ScorerServing("Fake", "fake", publisher);
        CountDownLatch firstLoading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> loaded = new ArrayList<>();
        serving.load("fake", "one", () -> {
            firstLoading.countDown();
            release.await(10, TimeUnit.SECONDS);
            loaded.add("one");
            return new ScorerServing.Loaded(new FakeScorer(0.1f), () -> { });
        });
        assertTrue(firstLoading.await(10, TimeUnit.SECONDS));
        serving.load("fake", "two", () -> {
            loaded.add("two");
            return new ScorerServing.Loaded(new FakeScorer(0.2f), () -> { });
        });
        serving.load("fake", "three", () -> {
            loaded.add("three");
            return new ScorerServing.Loaded(new FakeScorer(0.3f), () -> { });
        });
        release.countDown();
        await(() -> serving.detail().equals("serving three"));
        assertEquals(List.of("one", "three"), loaded);
        assertEquals(List.of("register three"), publisher.events, "a superseded model is never published");
        serving.stop();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
