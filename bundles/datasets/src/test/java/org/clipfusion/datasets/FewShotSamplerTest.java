package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FewShotSamplerTest {
    private static List<DatasetSample> candidates(int count) {
        List<DatasetSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format("train/good/%03d.png", i);
            samples.add(new DatasetSample(id, Path.of("/data/bottle", id), false, "good", null));
        }
        return samples;
    }

    private static List<String> ids(List<DatasetSample> samples) {
        return samples.stream().map(DatasetSample::id).toList();
    }

    @Test
    void followsTheDocumentedAlgorithm() {
        List<DatasetSample> train = candidates(20);
        // The javadoc's recipe, written out independently: sorted ids, Random(SplitMix64(seed)), partial Fisher-Yates.
        List<String> expected = new ArrayList<>(ids(train));
        Collections.sort(expected);
        long z = 42 + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        Random random = new Random(z ^ (z >>> 31));
        for (int i = 0; i < 5; i++) {
            Collections.swap(expected, i, i + random.nextInt(expected.size() - i));
        }

        assertEquals(expected.subList(0, 5), ids(FewShotSampler.sample(train, 5, 42)));
    }

    @Test
    void theSameSeedGivesTheSameDrawWhateverTheInputOrder() {
        List<DatasetSample> train = candidates(30);
        List<DatasetSample> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(1));

        assertEquals(FewShotSampler.sample(train, 4, 7), FewShotSampler.sample(shuffled, 4, 7));
    }

    @Test
    void differentSeedsGiveDifferentDraws() {
        List<DatasetSample> train = candidates(30);
        List<List<String>> draws = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            draws.add(ids(FewShotSampler.sample(train, 4, seed)));
        }

        assertEquals(5, new HashSet<>(draws).size(), draws.toString());
    }

    @Test
    void theSeedIsScrambledAsSplitMix64Does() {
        // SplitMix64's first output from state 0, as published with the algorithm (Steele, Lea, Flood 2014).
        assertEquals(0xE220A8397B1DCDAFL, FewShotSampler.scramble(0));
    }

    @Test
    void neighbouringSeedsDrawDifferentOneShotReferences() {
        // java.util.Random's first nextInt(16) is 11 for every seed 0..9: unscrambled, all seeds would agree.
        List<DatasetSample> train = candidates(16);
        Set<List<String>> draws = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            draws.add(ids(FewShotSampler.sample(train, 1, seed)));
        }

        assertTrue(draws.size() >= 5, draws.toString());
    }

    @Test
    void drawsDistinctCandidates() {
        List<DatasetSample> train = candidates(10);

        List<DatasetSample> all = FewShotSampler.sample(train, 10, 3);

        assertEquals(new HashSet<>(train), new HashSet<>(all));
        assertEquals(10, all.size());
    }

    @Test
    void zeroShotDrawsNothing() {
        assertTrue(FewShotSampler.sample(candidates(3), 0, 1).isEmpty());
        assertTrue(FewShotSampler.sample(List.of(), 0, 1).isEmpty());
    }

    @Test
    void moreThanThereAreFailsNamingBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FewShotSampler.sample(candidates(3), 4, 0));

        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void aNegativeKFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FewShotSampler.sample(candidates(3), -1, 0));

        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void candidatesSharingAnIdAreRejected() {
        List<DatasetSample> train = new ArrayList<>(candidates(3));
        train.add(train.get(0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FewShotSampler.sample(train, 1, 0));

        assertTrue(e.getMessage().contains("train/good/000.png"), e.getMessage());
    }
}
