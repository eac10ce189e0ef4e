package org.clipfusion.diffusion.mapdiff.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>What is measured: JavaCPP's tracked bytes ({@link Pointer#totalBytes()}, exact: ND4J's buffers) and the
 * process's physical memory ({@link Pointer#physicalBytes()}, which also sees SameDiff's untracked native
 * bookkeeping), after a warm-up and after each round of queries. SameDiff leaves a few kB of native bookkeeping per
 * executed op to the garbage collector, so the queries run in rounds with a GC between them, as a long-running
 * service's regular GCs would.
 *
 * <p>Physical memory is noisy in one way: the allocator grows its arenas in steps, once, when a thread first needs
 * one (a CI machine grew 49 MB in the first measured round and then stayed flat). A leak grows it in every round. So
 * the check is on the typical (median) growth per round, which a one-time step cannot move, with a loose bound on the
 * whole run. One query's UNet outputs alone take about 1 MB here, so a query that failed to close them would add
 * 20 MB per round, ten times the median tolerance.
 */
class MapDiffMemoryTest {
    /** An 8×8 latent grid: as cheap as the tiny model gets (op overhead dominates), with outputs big enough to see. */
    private static final int SIZE = 32;
    private static final int ROUNDS = 10;
    private static final int QUERIES_PER_ROUND = 20;
    /** The typical round (median over rounds) may add this much: 0.1 MB per query would already exceed it. */
    private static final long MEDIAN_ROUND_TOLERANCE_BYTES = 2L << 20;
    /** The whole measured run may add this much (one-time allocator steps, JIT, heap bookkeeping). */
    private static final long PHYSICAL_TOLERANCE_BYTES = 96L << 20;
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
            long medianGrowth = medianGrowthPerRound(physicalBefore, afterEachRound);
            assertTrue(medianGrowth <= MEDIAN_ROUND_TOLERANCE_BYTES, "physical memory grew by a median "
                    + (medianGrowth >> 10) + " kB per round of " + QUERIES_PER_ROUND + " queries");
        }
    }

    @Test
    void aOneTimeStepIsNotALeakButSteadyGrowthIs() {
        long mb = 1L << 20;
        assertEquals(0, medianGrowthPerRound(100 * mb, List.of(149 * mb, 149 * mb, 149 * mb, 150 * mb, 150 * mb)));
        assertEquals(4 * mb, medianGrowthPerRound(100 * mb, List.of(104 * mb, 108 * mb, 160 * mb, 164 * mb)));
    }

    /** The median of the per-round differences, starting from the level before the first round. */
    static long medianGrowthPerRound(long before, List<Long> afterEachRound) {
        long[] growth = new long[afterEachRound.size()];
        long previous = before;
        for (int i = 0; i < growth.length; i++) {
            growth[i] = afterEachRound.get(i) - previous;
            previous = afterEachRound.get(i);
        }
        Arrays.sort(growth);
        int middle = growth.length / 2;
        return growth.length % 2 == 1 ? growth[middle] : (growth[middle - 1] + growth[middle]) / 2;
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
