package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.clipfusion.api.MapRole;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * By default a request's scorers run one after the other on the request's thread (each already uses every core on a
 * CPU); with {@code scorerThreads = N > 1} they run at the same time.
 */
class ScorerThreadsTest {

    @Test
    void byDefaultTheScorersOfARequestRunOneAfterTheOtherOnItsThread(@TempDir Path data) throws Exception {
        assertEquals(1, EngineSettings.from(ConfigAnnotations.of(EngineConfig.class)).scorerThreads());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        detectOnce(data, 1, List.of(MapRole.CLIP_LANGUAGE, MapRole.DIFFUSION_LANGUAGE, MapRole.CLIP_VISION),
                (image, bank) -> {
                    threads.add(Thread.currentThread());
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(50);
                    running.decrementAndGet();
                    return TestScorer.constant(8, 0.5);
                });
        assertEquals(1, mostAtOnce.get(), "never two scorers at once");
        assertEquals(Set.of(Thread.currentThread()), threads, "all on the request's thread");
    }

    @Test
    void withSeveralThreadsTheyRunAtTheSameTime(@TempDir Path data) throws Exception {
        CountDownLatch allStarted = new CountDownLatch(2);
        AtomicInteger met = new AtomicInteger();
        detectOnce(data, 2, List.of(MapRole.CLIP_LANGUAGE, MapRole.DIFFUSION_LANGUAGE), (image, bank) -> {
            allStarted.countDown();
            if (await(allStarted)) {
                met.incrementAndGet();
            }
            return TestScorer.constant(8, 0.5);
        });
        assertEquals(2, met.get(), "each scorer saw the other one running");
    }

    /** One detection with {@code scorerThreads} and one scorer per role, each making its map with {@code maps}. */
    private static void detectOnce(Path data, int scorerThreads, List<MapRole> roles, TestScorer.MapMaker maps)
            throws Exception {
        try (EngineFixture fixture = new EngineFixture(data, "scorerThreads", scorerThreads)) {
            for (MapRole role : roles) {
                fixture.bind(new TestScorer(role.name(), role, 8).maps(maps));
            }
            fixture.bind(TestStrategy.max("max"), 0);
            fixture.category("name", "bottle");

            fixture.detect("bottle", TestImages.withValue("q", 0.5));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
