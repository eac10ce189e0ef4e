package org.clipfusion.diffusion.mapdiff.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The language map built from diffusers' own cross-attention probabilities (the UNet parity fixture, 4 heads, two
 * batch elements as two prompts) against the same map computed in numpy from its definition, torch's bilinear resize
 * included (src/test/python/language_map_reference.py). A wrong head indexing ({@code head·prompts + prompt} instead
 * of {@code prompt·heads + head}), wrong token columns, a resize with aligned corners or a sum instead of a mean
 * all move these values; none of the expectation comes from the scorer's code.
 */
class LanguageMapTest {
    private static final List<String> LAYERS = List.of(
            "mid_block.attentions.0.transformer_blocks.0.attn2",
            "up_blocks.1.attentions.0.transformer_blocks.0.attn2",
            "up_blocks.1.attentions.2.transformer_blocks.0.attn2");
    private static final int HEADS = 4;

    @Test
    void theMapOfDiffusersAttentionIsTheNumpyReference() {
        Path unet = SharedFixtures.shared("fixtures/parity/unet");
        Map<String, INDArray> probabilities = new LinkedHashMap<>();
        Map<String, Integer> heads = new LinkedHashMap<>();
        for (String layer : LAYERS) {
            probabilities.put(layer, ParityFiles.readFloats(unet.resolve("outputs/attn2_probs/" + layer + ".npy")));
            heads.put(layer, HEADS);
        }
        TextConditioning text = new TextConditioning(List.of("first", "second"), new float[2 * 77 * 32], 77, 32,
                new int[][] {{5, 6}, {8}}, new int[] {7, 9}, "");
        float[] expected;
        try (INDArray reference = ParityFiles.readFloats(
                Path.of("src/test/resources/mapdiff/language_map_reference.npy"))) {
            expected = reference.toFloatVector();
        }

        float[] actual;
        try (UNetCapture capture = UNetCapture.of(probabilities)) {
            actual = LanguageMap.of(capture, heads, text, MapDiffSettings.AttentionScale.RAW, new LatentGrid(8));
        }

        assertEquals(expected.length, actual.length);
        for (int cell = 0; cell < expected.length; cell++) {
            assertEquals(expected[cell], actual[cell], 1e-6, "cell " + cell);
        }
    }
}
