package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A service runs the UNet for every query: a long series of forwards of the tiny UNet, each asking for every output
 * and closing them, must not grow native memory.
 *
 * <p>What is measured: the process's physical memory ({@link Pointer#physicalBytes()}; ND4J's CPU buffers are not
 * counted by {@link Pointer#totalBytes()}, which is reported too) after a warm-up and at the end. SameDiff leaves a
 * few kB of native bookkeeping per executed op to the garbage collector (measured: independent of the activation
 * sizes, all reclaimed by a GC); a service's regular GCs free it, so the forwards run in rounds with a GC between
 * them, as a long-running JVM does. A leak of anything a forward allocates would exceed the tolerance within a few
 * rounds.
 */
class UNetMemoryTest {
    private static final int WARM_UP_FORWARDS = 10;
    private static final int ROUNDS = 6;
    private static final int FORWARDS_PER_ROUND = 20;
    /** Physical memory may end this much above the warm-up level (allocator arenas, JIT, heap bookkeeping). */
    private static final long PHYSICAL_TOLERANCE_BYTES = 48L << 20;

    @Test
    void repeatedForwardsDoNotGrowNativeMemory() throws Exception {
        Path set = UNetFixtures.unet();
        try (UNetModel model = UNetModel.load(set);
                INDArray latents = UNetFixtures.read(set.resolve("inputs/noisy_latents.npy"));
                INDArray timesteps = UNetFixtures.read(set.resolve("inputs/timesteps.npy"));
                INDArray text = UNetFixtures.read(set.resolve("inputs/encoder_hidden_states.npy"))) {
            double firstChecksum = forward(model, latents, timesteps, text);
            for (int run = 1; run < WARM_UP_FORWARDS; run++) {
                forward(model, latents, timesteps, text);
            }
            collectGarbage();
            long physicalBefore = Pointer.physicalBytes();
            long trackedBefore = Pointer.totalBytes();
            long peak = physicalBefore;
            List<Long> afterEachRound = new ArrayList<>();
            long start = System.nanoTime();
            double lastChecksum = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int run = 0; run < FORWARDS_PER_ROUND; run++) {
                    lastChecksum = forward(model, latents, timesteps, text);
                }
                peak = Math.max(peak, Pointer.physicalBytes());
                collectGarbage();
                afterEachRound.add(Pointer.physicalBytes() >> 20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long physicalAfter = Pointer.physicalBytes();
            long trackedAfter = Pointer.totalBytes();
            int forwards = ROUNDS * FORWARDS_PER_ROUND;
            System.out.printf("UNet memory: %d forwards (all %d outputs) in %.1f s (%.0f ms each); physical %d -> %d MB "
                    + "(%+.1f MB; after each round %s MB; peak before a GC %d MB); JavaCPP-tracked %d -> %d bytes%n", forwards,
                    model.outputNames().size(), seconds, 1000 * seconds / forwards, physicalBefore >> 20,
                    physicalAfter >> 20, (physicalAfter - physicalBefore) / 1048576.0, afterEachRound, peak >> 20, trackedBefore,
                    trackedAfter);
            assertEquals(firstChecksum, lastChecksum, "the same inputs gave different outputs");
            assertTrue(physicalAfter - physicalBefore <= PHYSICAL_TOLERANCE_BYTES, "physical memory grew by "
                    + ((physicalAfter - physicalBefore) >> 20) + " MB over " + forwards + " forwards");
            assertTrue(trackedAfter <= trackedBefore, "JavaCPP-tracked native memory grew");
        }
    }

    /** One forward with every output; returns a checksum of them and closes them. */
    private static double forward(UNetModel model, INDArray latents, INDArray timesteps, INDArray text) {
        Map<String, INDArray> outputs = model.run(latents, timesteps, text, model.outputNames());
        double checksum = 0;
        for (INDArray output : outputs.values()) {
            checksum += output.sumNumber().doubleValue();
            output.close();
        }
        return checksum;
    }

    /** GCs until the deallocator thread has freed what they found (ND4J frees native memory after a GC). */
    private static void collectGarbage() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(100);
        }
    }
}
