package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One tokenizer shared by many threads gives every thread the single-threaded result. */
class ConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 50;

    @Test
    void concurrentTokenizationIsDeterministic() throws Exception {
        List<String> prompts = new ArrayList<>();
        String[] objects = {"bottle", "hazelnut", "metal_nut", "pcb1", "pipe_fryum", "transistor", "glorpzifted widget"};
        String[] states = {"flawless", "damaged", "scratched", "corrupted", "dented and cracked", "zzyzx-marked"};
        for (String object : objects) {
            for (String state : states) {
                prompts.add("a cropped photo of the " + state + " " + object + ".");
            }
        }
        // A fresh tokenizer, so that the threads race to fill an empty cache.
        ClipTokenizer shared = ClipTokenizer.load();
        ClipTokenizer reference = TestTokenizer.INSTANCE;
        long[][] expected = reference.tokenize(prompts, PaddingConvention.STABLE_DIFFUSION_1);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<long[][][]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    long[][][] rounds = new long[ROUNDS][][];
                    for (int r = 0; r < ROUNDS; r++) {
                        // Each thread walks the prompts from a different start.
                        long[][] rows = new long[prompts.size()][];
                        for (int i = 0; i < prompts.size(); i++) {
                            int index = (i + offset * 7 + r) % prompts.size();
                            rows[index] = shared.tokenize(prompts.get(index), PaddingConvention.STABLE_DIFFUSION_1);
                        }
                        rounds[r] = rows;
                    }
                    return rounds;
                }));
            }
            start.countDown();
            for (Future<long[][][]> result : results) {
                for (long[][] round : result.get(60, TimeUnit.SECONDS)) {
                    for (int i = 0; i < expected.length; i++) {
                        assertArrayEquals(expected[i], round[i], prompts.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
