package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which fusion strategy a request uses: the one the category names, else the highest-ranked; and swaps while
 * requests run. The CLIP scorer gives a constant map v, the diffusion scorer 2v, so with α = 0.5 the weighted sum
 * gives 1.5 v and the maximum 2 v: the result's values tell which strategy really ran.
 */
class FusionSelectionTest {
    private static final double VALUE = 0.4;
    private static final double SUM = 1.5 * VALUE;
    private static final double MAX = 2 * VALUE;
    private static final float TOLERANCE = 1e-5f;

    @TempDir
    Path dataDirectory;
    private EngineFixture fixture;

    @BeforeEach
    void engineWithTwoScorers() {
        fixture = new EngineFixture(dataDirectory);
        fixture.bind(new TestScorer("clip", MapRole.CLIP_LANGUAGE, 8));
        fixture.bind(new TestScorer("diffusion", MapRole.DIFFUSION_LANGUAGE, 8)
                .maps((image, bank) -> TestScorer.constant(8, 2 * TestImages.valueOf(image))));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theCategoryNamesItsStrategy() throws Exception {
        fixture.bind(TestStrategy.weightedSum("sum"), 100);
        fixture.bind(TestStrategy.max("max"), 10);
        fixture.category("name", "bottle", "fusionStrategy", "max");

        DetectionResult result = fixture.detect("bottle", TestImages.withValue("img", VALUE));

        assertEquals("max", result.provenance().fusionStrategy());
        assertEquals("max", result.map().source());
        assertEquals(MAX, result.map().max(), TOLERANCE);
    }

    @Test
    void withoutAStrategyNamedTheHighestRankedOneRunsAndFollowsRankingChanges() throws Exception {
        fixture.bind(TestStrategy.weightedSum("sum"), 100);
        TestStrategy max = TestStrategy.max("max");
        Map<String, Object> maxProperties = fixture.bind(max, 10);
        fixture.category("name", "bottle");

        assertEquals("sum", fixture.detect("bottle", TestImages.withValue("a", VALUE)).provenance().fusionStrategy());

        // The max service is re-ranked above the sum (service properties updated), then goes away.
        fixture.engine.updatedFusionStrategy(max, Map.of("clipfusion.id", "max", "service.ranking", 200,
                "service.id", maxProperties.get("service.id")));
        DetectionResult afterUpdate = fixture.detect("bottle", TestImages.withValue("b", VALUE));
        assertEquals("max", afterUpdate.provenance().fusionStrategy());
        assertEquals(MAX, afterUpdate.map().max(), TOLERANCE);

        fixture.engine.unbindFusionStrategy(max, maxProperties);
        assertEquals("sum", fixture.detect("bottle", TestImages.withValue("c", VALUE)).provenance().fusionStrategy());
    }

    @Test
    void twoServicesOfOneIdTheHigherRankedWinsAndTheOtherIsTheFallback() throws Exception {
        TestStrategy oldVersion = TestStrategy.weightedSum("fusion");
        TestStrategy newVersion = TestStrategy.max("fusion");
        fixture.bind(oldVersion, 0);
        Map<String, Object> newProperties = fixture.bind(newVersion, 5);
        fixture.category("name", "bottle", "fusionStrategy", "fusion");

        assertEquals(MAX, fixture.detect("bottle", TestImages.withValue("a", VALUE)).map().max(), TOLERANCE);

        fixture.engine.unbindFusionStrategy(newVersion, newProperties);
        DetectionResult fallback = fixture.detect("bottle", TestImages.withValue("b", VALUE));
        assertEquals("fusion", fallback.provenance().fusionStrategy());
        assertEquals(SUM, fallback.map().max(), TOLERANCE);
    }

    @Test
    void strategiesSwappedWhileDetectionsRunFailNoRequestAndEveryResultNamesTheStrategyThatRan() throws Exception {
        fixture.bind(TestStrategy.weightedSum("sum"), 100);
        fixture.category("name", "bottle");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Set<String> strategiesSeen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int clientId = client;
            counts.add(clients.submit(() -> {
                int done = 0;
                while (running.get()) {
                    try {
                        DetectionResult result = fixture.detect("bottle",
                                TestImages.withValue("c" + clientId + "-" + done, VALUE));
                        String used = result.provenance().fusionStrategy();
                        strategiesSeen.add(used);
                        assertEquals(used, result.map().source(), "the map comes from the strategy named");
                        assertEquals(used.equals("max") ? MAX : SUM, result.map().max(), TOLERANCE, used);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    done++;
                }
                return done;
            }));
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        int swaps = 0;
        while (System.nanoTime() < end) {
            TestStrategy max = TestStrategy.max("max");
            Map<String, Object> properties = fixture.bind(max, 200);
            Thread.sleep(2);
            fixture.engine.unbindFusionStrategy(max, properties);
            Thread.sleep(2);
            swaps++;
        }
        running.set(false);
        int detections = 0;
        for (Future<Integer> count : counts) {
            detections += count.get(10, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertTrue(failures.isEmpty(), () -> "failed requests: " + failures);
        assertTrue(swaps > 10 && detections > 50, "swaps " + swaps + ", detections " + detections);
        assertEquals(Set.of("sum", "max"), strategiesSeen);
    }
}
