package org.clipfusion.datasets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Draws the k normal reference images of a few-shot run, the same ones on every JVM and platform for a given seed.
 *
 * <p>The algorithm, so that anyone can reproduce a draw:
 * <ol>
 *   <li>sort the candidates by {@link DatasetSample#id()} ({@link String#compareTo}, i.e. by UTF-16 code units), so
 *       that the order files were listed in does not matter;</li>
 *   <li>scramble the seed with SplitMix64's finalizer ({@code z = seed + 0x9E3779B97F4A7C15L;
 *       z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L; z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL; z ^= z >>> 31}) and
 *       create {@code java.util.Random(z)} (its generator is specified by the Java platform, so it gives the same
 *       numbers everywhere). The scrambling matters: {@code Random}'s first number for neighbouring seeds barely
 *       differs ({@code new Random(s).nextInt(16)} is 11 for every seed 0 to 9), so seeds 0, 1, 2 would all draw the
 *       same 1-shot reference;</li>
 *   <li>partial Fisher–Yates shuffle: for {@code i = 0 .. k-1}, {@code j = i + random.nextInt(n - i)} where
 *       {@code n} is the number of candidates, then swap positions {@code i} and {@code j};</li>
 *   <li>the result is positions {@code 0 .. k-1}, in that (draw) order.</li>
 * </ol>
 */
public final class FewShotSampler {
    private FewShotSampler() {
    }

    /**
     * {@code k} distinct samples of {@code train}, in draw order.
     *
     * @throws IllegalArgumentException when {@code k} is negative or larger than {@code train}, or two candidates
     *                                  share an id (their order, and so the draw, would be ambiguous)
     */
    public static List<DatasetSample> sample(List<DatasetSample> train, int k, long seed) {
        Objects.requireNonNull(train, "train");
        if (k < 0) {
            throw new IllegalArgumentException("few-shot k must not be negative, got " + k);
        }
        if (k > train.size()) {
            throw new IllegalArgumentException(train.isEmpty()
                    ? "cannot draw " + k + " few-shot reference images: there are no normal train images (0 "
                            + "candidates; in the folder layout they go in <category>/reference/)"
                    : "cannot draw " + k + " few-shot reference images from only " + train.size() + " candidates");
        }
        List<DatasetSample> candidates = new ArrayList<>(train);
        candidates.sort(Comparator.comparing(DatasetSample::id));
        requireDistinctIds(candidates);
        Random random = new Random(scramble(seed));
        int n = candidates.size();
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            DatasetSample drawn = candidates.get(j);
            candidates.set(j, candidates.get(i));
            candidates.set(i, drawn);
        }
        return List.copyOf(candidates.subList(0, k));
    }

    static long scramble(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void requireDistinctIds(List<DatasetSample> sorted) {
        Set<String> seen = new HashSet<>();
        for (DatasetSample sample : sorted) {
            if (!seen.add(sample.id())) {
                throw new IllegalArgumentException("two few-shot candidates share the id " + sample.id());
            }
        }
    }
}
