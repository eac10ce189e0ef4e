package org.clipfusion.diffusion.mapdiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.ScorerOutput;
import org.junit.jupiter.api.Test;

/**
 * A service scores image after image: a few hundred few-shot queries (VAE, one UNet forward with attention maps and
 * features, nearest-neighbour search) through the scorer on the tiny model must not grow native memory.
 *
 * <p>What is measured: JavaCPP's tracked bytes ({@link Pointer#totalBytes()}) and the process's physical memory
 * ({@link Pointer#physicalBytes()}, which also sees ND4J's CPU buffers and SameDiff's native bookkeeping), after a
 * warm-up and at the end. SameDiff leaves a few kB of native bookkeeping per executed op to the garbage collector, so
 * the queries run in rounds with a GC between them, as a long-running service's regular GCs would. The baseline is
 * taken after one whole warm-up round, when the allocator's arenas have reached their working size. One query's UNet
 * outputs alone take about 1 MB here, so a query that failed to close them would exceed the tolerance four times
 * over.
 */
class MapDiffMemoryTest {
    /** An 8×8 latent grid: as cheap as the tiny model gets (op overhead dominates), with outputs big enough to see. */
    private static final int SIZE = 32;
    private static final int ROUNDS = 10;
    private static final int QUERIES_PER_ROUND = 20;
    /** Physical memory may end this much above the warm-up level (allocator arenas, JIT, heap bookkeeping). */
    private static final long PHYSICAL_TOLERANCE_BYTES = 48L << 20;
    /**
     * Once the first measured round has settled the allocator, the remaining rounds may add only this much: a leak of
     * 0.2 MB per query would add 36 MB.
     */
    private static final long STEADY_TOLERANCE_BYTES = 24L << 20;
    /** JavaCPP-tracked memory may end this much above the warm-up level. */
    private static final long TRACKED_TOLERANCE_BYTES = 1L << 20;

    @Test
    void hundredsOfQueriesDoNotGrowNativeMemory() throws Exception {
        CategoryContext context = new CategoryContext("synthetic_widget", "synthetic_widget", Map.of());
        try (StableDiffusionParts model = TinyMapDiff.load()) {
            MapDiffScorer scorer = TinyMapDiff.create(model, TinyMapDiff.settings(SIZE, TinyMapDiff.FEATURE_LAYERS,
                    1 << 24));
            ReferenceBank bank = scorer.fit(context, List.of(SyntheticObject.normal("ref", SIZE, 1)));
            InspectionImage query = SyntheticObject.defective("query", SIZE, 2, new SyntheticObject.Defect(20, 12, 5));
            float[] firstMap = visionMap(scorer.score(query, context, bank));
            for (int i = 1; i < QUERIES_PER_ROUND; i++) {
                scorer.score(query, context, bank);
            }
            collectGarbage();
            long trackedBefore = Pointer.totalBytes();
            long physicalBefore = Pointer.physicalBytes();
            long peak = physicalBefore;
            List<Long> afterEachRound = new ArrayList<>();
            long start = System.nanoTime();
            float[] lastMap = null;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < QUERIES_PER_ROUND; i++) {
                    lastMap = visionMap(scorer.score(query, context, bank));
                }
                peak = Math.max(peak, Pointer.physicalBytes());
                collectGarbage();
                afterEachRound.add(Pointer.physicalBytes());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long trackedAfter = Pointer.totalBytes();
            long physicalAfter = Pointer.physicalBytes();
            int queries = ROUNDS * QUERIES_PER_ROUND;
            System.out.printf("MapDiff memory: %d few-shot queries at %d px in %.1f s (%.0f ms each); JavaCPP-tracked "
                    + "%d -> %d bytes (%+d); physical %d -> %d MB (%+.1f MB; after each round %s MB; peak before a GC "
                    + "%d MB)%n", queries, SIZE, seconds, 1000 * seconds / queries, trackedBefore, trackedAfter,
                    trackedAfter - trackedBefore, physicalBefore >> 20, physicalAfter >> 20,
                    (physicalAfter - physicalBefore) / 1048576.0,
                    afterEachRound.stream().map(bytes -> bytes >> 20).toList(), peak >> 20);
            assertArrayEquals(firstMap, lastMap, "the same query gave another map");
            assertTrue(trackedAfter - trackedBefore <= TRACKED_TOLERANCE_BYTES, "JavaCPP-tracked memory grew by "
                    + (trackedAfter - trackedBefore) + " bytes over " + queries + " queries");
            assertTrue(physicalAfter - physicalBefore <= PHYSICAL_TOLERANCE_BYTES, "physical memory grew by "
                    + ((physicalAfter - physicalBefore) >> 20) + " MB over " + queries + " queries");
            long steadyGrowth = physicalAfter - afterEachRound.get(0);
            assertTrue(steadyGrowth <= STEADY_TOLERANCE_BYTES, "physical memory grew by " + (steadyGrowth >> 20)
                    + " MB over the last " + (ROUNDS - 1) * QUERIES_PER_ROUND + " queries");
        }
    }

    private static float[] visionMap(ScorerOutput output) {
        return output.maps().get(MapRole.DIFFUSION_VISION).values();
    }

    /** GCs until the deallocator thread has freed what they found (ND4J frees native memory after a GC). */
    private static void collectGarbage() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
