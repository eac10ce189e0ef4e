package org.clipfusion.diffusion.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.testing.ParityManifest;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every reference output of the text encoder fixture set ({@code text_encoder/outputs/*.npy} and {@code
 * outputs/intermediates/*.npy}) against this encoder, within {@link ParityTolerance}. Driven entirely by the
 * fixture directory: config, weights and token ids come from it and must match its {@code MANIFEST.md} checksums,
 * the references listed there decide what is compared (a listed file that is missing fails), and a file that maps
 * to no output of the encoder fails.
 */
class SdTextEncoderParityTest {
    private static final String SET = "text_encoder";

    private static Path fixture;
    private static SdTextEncoder encoder;
    private static long[][] tokenIds;
    private static Map<String, INDArray> outputs;

    @BeforeAll
    static void encodeOnce() throws IOException {
        fixture = ParityFiles.set(SET);
        ParityManifest.ofParityDirectory().verify(SET);
        encoder = SdTextEncoder.load(fixture);
        tokenIds = ParityFiles.readLongMatrix(fixture.resolve("inputs/input_ids.npy"));
        outputs = encoder.outputs(tokenIds, encoder.outputNames().toArray(String[]::new));
    }

    @AfterAll
    static void release() {
        if (outputs != null) {
            outputs.values().forEach(INDArray::close);
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceOutputMatches() throws IOException {
        List<Path> references = ParityManifest.ofParityDirectory().references(SET + "/outputs");
        return references.stream().map(reference -> DynamicTest.dynamicTest(
                fixture.relativize(reference).toString(), () -> compare(reference)));
    }

    /**
     * With the last layer skipped, {@code layer_{L-2}} is unchanged and {@code last_hidden_state} is {@code
     * final_layer_norm} of it (diffusers' {@code clip_skip=1}): checked against the reference layer output and
     * a double-precision LayerNorm.
     */
    @Test
    void skippingTheLastLayerNormalisesThePenultimateOutput() throws IOException {
        TextEncoderConfig config = encoder.config();
        int kept = config.hiddenLayers() - 1;
        String penultimate = TextEncoderOutputs.layer(kept - 1);
        try (SdTextEncoder skipping = SdTextEncoder.load(fixture, 1);
                INDArray reference = ParityFiles.readFloats(
                        fixture.resolve("outputs/intermediates/" + penultimate + ".npy"))) {
            assertEquals(kept, skipping.layersRun());
            Map<String, INDArray> actual = skipping.outputs(tokenIds, penultimate,
                    TextEncoderOutputs.LAST_HIDDEN_STATE);
            assertTrue(ParityTolerance.within(ParityFiles.maxAbsError(actual.get(penultimate), reference),
                    reference.amaxNumber().doubleValue()));
            float[] weight;
            float[] bias;
            try (SafetensorsFile weights = SafetensorsFile.open(fixture.resolve("model.safetensors"))) {
                weight = weights.readFloats("text_model.final_layer_norm.weight");
                bias = weights.readFloats("text_model.final_layer_norm.bias");
            }
            INDArray normalized = actual.get(TextEncoderOutputs.LAST_HIDDEN_STATE);
            double error = 0;
            for (int b = 0; b < reference.size(0); b++) {
                for (int t = 0; t < reference.size(1); t++) {
                    double[] row = reference.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all())
                            .toDoubleVector();
                    double mean = 0;
                    for (double value : row) {
                        mean += value / row.length;
                    }
                    double variance = 0;
                    for (double value : row) {
                        variance += (value - mean) * (value - mean) / row.length;
                    }
                    for (int c = 0; c < row.length; c++) {
                        double expected = (row[c] - mean) / Math.sqrt(variance + config.layerNormEpsilon())
                                * weight[c] + bias[c];
                        error = Math.max(error, Math.abs(expected - normalized.getDouble(b, t, c)));
                    }
                }
            }
            System.out.printf("text encoder clip skip 1: last_hidden_state max abs error %.3e%n", error);
            double magnitude = normalized.amaxNumber().doubleValue();
            assertTrue(ParityTolerance.within(error, magnitude),
                    ParityTolerance.describe("last_hidden_state after clip skip", error, magnitude));
            actual.values().forEach(INDArray::close);
        }
    }

    /**
     * The mask is causal, so the first n positions of a sequence do not depend on the rest: ids cut to their first n
     * tokens give the first n rows of the reference hidden states.
     */
    @Test
    void shorterSequencesGiveThePrefixOfTheFullOutput() {
        int length = Math.min(10, tokenIds[0].length);
        long[][] prefix = Arrays.stream(tokenIds).map(row -> Arrays.copyOf(row, length)).toArray(long[][]::new);
        String lastLayer = TextEncoderOutputs.layer(encoder.layersRun() - 1);
        Map<String, INDArray> actual = encoder.outputs(prefix, TextEncoderOutputs.LAST_HIDDEN_STATE, lastLayer);
        try {
            for (String name : List.of(TextEncoderOutputs.LAST_HIDDEN_STATE, lastLayer)) {
                INDArray full = outputs.get(name);
                INDArray expected = full.get(NDArrayIndex.all(), NDArrayIndex.interval(0, length), NDArrayIndex.all());
                double error = ParityFiles.maxAbsError(actual.get(name), expected);
                double magnitude = expected.amaxNumber().doubleValue();
                assertTrue(ParityTolerance.within(error, magnitude),
                        ParityTolerance.describe(name + " of the first " + length + " tokens", error, magnitude));
            }
        } finally {
            actual.values().forEach(INDArray::close);
        }
    }

    private static void compare(Path reference) {
        String name = ParityFiles.stem(reference);
        assertTrue(outputs.containsKey(name), "reference file " + fixture.relativize(reference)
                + " maps to no output of the text encoder " + encoder.outputNames());
        try (INDArray expected = ParityFiles.readFloats(reference)) {
            double error = ParityFiles.maxAbsError(outputs.get(name), expected);
            double magnitude = expected.amaxNumber().doubleValue();
            String line = ParityTolerance.describe("text encoder " + fixture.relativize(reference), error, magnitude);
            System.out.println(line);
            assertTrue(ParityTolerance.within(error, magnitude), line);
        }
    }
}
