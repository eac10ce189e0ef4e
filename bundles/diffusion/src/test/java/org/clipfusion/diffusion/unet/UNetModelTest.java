package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The facade on the fixture's tiny UNet: output selection, timestep forms, batching and argument checks. */
class UNetModelTest {
    private static UNetModel model;
    private static INDArray latents;
    private static INDArray text;

    @BeforeAll
    static void load() throws Exception {
        Path set = UNetFixtures.unet();
        model = UNetModel.load(set);
        latents = UNetFixtures.read(set.resolve("inputs/noisy_latents.npy"));
        text = UNetFixtures.read(set.resolve("inputs/encoder_hidden_states.npy"));
    }

    @AfterAll
    static void close() {
        model.close();
        latents.close();
        text.close();
    }

    @Test
    void namesEveryCrossAttentionAndUpBlock() {
        UNetConfig config = model.config();
        assertAll(
                () -> assertEquals(config.levels(), model.upBlockOutputNames().size()),
                () -> assertTrue(model.outputNames().containsAll(model.upBlockOutputNames())),
                () -> assertTrue(model.outputNames().containsAll(model.crossAttentionOutputNames())),
                () -> assertTrue(model.outputNames().contains(UNetOutputs.NOISE_PRED)),
                () -> assertTrue(model.crossAttentionOutputNames().stream().allMatch(UNetOutputs::isCrossAttention)),
                () -> assertTrue(model.crossAttentionOutputNames().stream()
                        .allMatch(name -> config.attentionHeads().contains(model.heads(name)))));
    }

    @Test
    void returnsOnlyTheRequestedOutputsWithTheSameValues() {
        List<String> upBlockMaps = model.crossAttentionOutputNames().stream()
                .filter(name -> name.startsWith("up_blocks.")).toList();
        List<String> requested = new ArrayList<>(upBlockMaps);
        requested.addAll(model.upBlockOutputNames().subList(0, Math.min(2, model.upBlockOutputNames().size())));
        Map<String, INDArray> all = model.run(latents, 100, text, model.outputNames());
        Map<String, INDArray> some = model.run(latents, 100, text, requested);
        try {
            assertEquals(Set.copyOf(requested), some.keySet());
            for (String name : requested) {
                assertEquals(0.0, UNetFixtures.maxAbsError(some.get(name), all.get(name)), name);
            }
            INDArray map = some.get(upBlockMaps.get(0));
            long heads = model.heads(upBlockMaps.get(0));
            assertEquals(latents.size(0) * heads, map.size(0), "[B·heads, h·w, S]");
            assertEquals(text.size(1), map.size(2));
            try (INDArray rowSums = map.sum(2)) {
                assertEquals(1.0, rowSums.minNumber().doubleValue(), 1e-5, "probabilities sum to 1");
                assertEquals(1.0, rowSums.maxNumber().doubleValue(), 1e-5, "probabilities sum to 1");
            }
        } finally {
            all.values().forEach(INDArray::close);
            some.values().forEach(INDArray::close);
        }
    }

    @Test
    void aBatchRunInPassesGivesTheOutputsOfOnePass() {
        assertTrue(latents.size(0) > 1, "the fixture's batch can be split");
        Map<String, INDArray> passes;
        Map<String, INDArray> onePass;
        try {
            model.passBatch = 1;
            passes = model.run(latents, 100, text, model.outputNames());
            model.passBatch = (int) latents.size(0);
            onePass = model.run(latents, 100, text, model.outputNames());
        } finally {
            model.passBatch = UNetModel.DEFAULT_PASS_BATCH;
        }
        try {
            for (String name : model.outputNames()) {
                INDArray expected = onePass.get(name);
                assertArrayEquals(expected.shape(), passes.get(name).shape(), name);
                // The same arithmetic per element; only the blocking of the matrix products may differ.
                double error = UNetFixtures.maxAbsError(passes.get(name), expected);
                double magnitude = expected.amaxNumber().doubleValue();
                assertTrue(ParityTolerance.within(error, magnitude), ParityTolerance.describe(name, error,
                        magnitude));
            }
        } finally {
            passes.values().forEach(INDArray::close);
            onePass.values().forEach(INDArray::close);
        }
    }

    @Test
    void thePassSizeIsAPositiveWholeNumber() {
        assertEquals(2, UNetModel.passBatch(null), "the default: two elements per pass");
        assertEquals(4, UNetModel.passBatch(" 4"));
        for (String bad : List.of("0", "-2", "four", "")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> UNetModel.passBatch(bad));
            assertEquals("clipfusion.unet.passBatch must be a whole number of at least 1, got '" + bad + "'",
                    error.getMessage());
        }
    }

    @Test
    void takesOneTimestepPerElementOrOneForAll() {
        long batch = latents.size(0);
        long[] perElement = new long[(int) batch];
        for (int b = 0; b < batch; b++) {
            perElement[b] = 100 + 300L * b;
        }
        try (INDArray sameForAll = model.predictNoise(latents, 100, text);
                INDArray scalarTimestep = Nd4j.scalar(DataType.INT64, 100L);
                INDArray fromScalar = model.run(latents, scalarTimestep, text, List.of(UNetOutputs.NOISE_PRED))
                        .get(UNetOutputs.NOISE_PRED);
                INDArray timesteps = Nd4j.createFromArray(perElement);
                INDArray mixed = model.run(latents, timesteps, text, List.of(UNetOutputs.NOISE_PRED))
                        .get(UNetOutputs.NOISE_PRED)) {
            assertEquals(0.0, UNetFixtures.maxAbsError(fromScalar, sameForAll));
            // Each batch element alone, at its own timestep, gives its row of the batched prediction.
            for (int b = 0; b < batch; b++) {
                try (INDArray oneLatent = latents.get(NDArrayIndex.interval(b, b + 1)).dup();
                        INDArray oneText = text.get(NDArrayIndex.interval(b, b + 1)).dup();
                        INDArray alone = model.predictNoise(oneLatent, perElement[b], oneText)) {
                    INDArray row = mixed.get(NDArrayIndex.interval(b, b + 1));
                    assertArrayEquals(alone.shape(), row.shape());
                    assertTrue(UNetFixtures.maxAbsError(alone, row) < 1e-5, "batch element " + b);
                }
            }
        }
    }

    @Test
    void refusesBadArguments() {
        long[] shape = latents.shape();
        assertAll(
                () -> assertThrows(IllegalArgumentException.class,
                        () -> model.run(latents, 100, text, List.of("up_blocks.99"))),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> model.run(latents, 100, text, List.of())),
                () -> assertThrows(IllegalArgumentException.class, () -> model.predictNoise(
                        Nd4j.create(DataType.FLOAT, shape[0], shape[1] + 1, shape[2], shape[3]), 100, text)),
                () -> assertThrows(IllegalArgumentException.class, () -> model.predictNoise(
                        Nd4j.create(DataType.FLOAT, shape[0], shape[1], shape[2] + 1, shape[3]), 100, text),
                        "not a multiple of 2^upsamplers"),
                () -> assertThrows(IllegalArgumentException.class, () -> model.predictNoise(latents, 100,
                        Nd4j.create(DataType.FLOAT, text.size(0), text.size(1), text.size(2) + 1))),
                () -> assertThrows(IllegalArgumentException.class, () -> model.run(latents,
                        Nd4j.create(DataType.FLOAT, shape[0] + 1), text, List.of(UNetOutputs.NOISE_PRED))));
    }

    @Test
    void failsAfterClose() throws Exception {
        UNetModel closed = UNetModel.load(UNetFixtures.unet());
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.predictNoise(latents, 100, text));
    }
}
