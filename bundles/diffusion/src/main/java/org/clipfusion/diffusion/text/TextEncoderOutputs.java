package org.clipfusion.diffusion.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Names of what {@link SdTextEncoder#outputs} computes, as transformers' {@code CLIPTextModel} returns them (the
 * names of the parity fixture files).
 */
public final class TextEncoderOutputs {
    /** Token + position embeddings, {@code [B, T, hidden]} ({@code hidden_states[0]}). */
    public static final String EMBEDDINGS = "embeddings";
    /** The final layer norm of the last layer run, {@code [B, T, hidden]}: what Stable Diffusion feeds the UNet. */
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";
    /** The row of {@link #LAST_HIDDEN_STATE} at each text's end-of-text token, {@code [B, hidden]}. */
    public static final String POOLER_OUTPUT = "pooler_output";
    private static final String LAYER_PREFIX = "layer_";

    private TextEncoderOutputs() {
    }

    /** Output of encoder layer {@code index} (0-based), before the final layer norm: {@code hidden_states[i + 1]}. */
    public static String layer(int index) {
        return LAYER_PREFIX + index;
    }

    /** Every output of an encoder running {@code layersRun} layers. */
    public static List<String> all(int layersRun) {
        List<String> names = new ArrayList<>(List.of(LAST_HIDDEN_STATE, POOLER_OUTPUT, EMBEDDINGS));
        for (int layer = 0; layer < layersRun; layer++) {
            names.add(layer(layer));
        }
        return List.copyOf(names);
    }
}
