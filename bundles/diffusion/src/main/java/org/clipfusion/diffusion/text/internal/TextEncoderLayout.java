package org.clipfusion.diffusion.text.internal;

import org.clipfusion.diffusion.internal.WeightLayout;
import org.clipfusion.diffusion.text.TextEncoderConfig;

/**
 * The tensors of a transformers {@code CLIPTextModel} checkpoint for a config: {@code state_dict()} key names and
 * shapes, derived from the config alone.
 */
public final class TextEncoderLayout {
    /** Prefix of encoder layer i's keys: append the index and a dot. */
    public static final String LAYER = "text_model.encoder.layers.";
    public static final String TOKEN_EMBEDDING = "text_model.embeddings.token_embedding.weight";
    public static final String POSITION_EMBEDDING = "text_model.embeddings.position_embedding.weight";
    public static final String FINAL_LAYER_NORM = "text_model.final_layer_norm";
    /**
     * {@code arange(max_position_embeddings)} as an I64 {@code [1, P]} buffer: persisted by transformers before 4.31
     * (the SD 1.x files carry it), ignored when loading since.
     */
    public static final String LEGACY_POSITION_IDS = "text_model.embeddings.position_ids";

    private TextEncoderLayout() {
    }

    /**
     * @param layersRun how many encoder layers the graph runs; the weights of the later ones are checked, not read
     */
    public static WeightLayout of(TextEncoderConfig config, int layersRun) {
        long width = config.hiddenSize();
        WeightLayout layout = new WeightLayout()
                .use(TOKEN_EMBEDDING, config.vocabSize(), width)
                .use(POSITION_EMBEDDING, config.maxPositionEmbeddings(), width);
        for (int layer = 0; layer < config.hiddenLayers(); layer++) {
            putLayer(layout, LAYER + layer + ".", width, config.intermediateSize(), layer < layersRun);
        }
        layout.use(FINAL_LAYER_NORM + ".weight", width).use(FINAL_LAYER_NORM + ".bias", width);
        return layout.tolerate(LEGACY_POSITION_IDS, 1, config.maxPositionEmbeddings());
    }

    /** {@code CLIPEncoderLayer}: q/k/v/out projections, two LayerNorms, fc1/fc2. */
    private static void putLayer(WeightLayout layout, String prefix, long width, long mlpWidth, boolean used) {
        for (String projection : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
            put(layout, used, prefix + "self_attn." + projection + ".weight", width, width);
            put(layout, used, prefix + "self_attn." + projection + ".bias", width);
        }
        put(layout, used, prefix + "layer_norm1.weight", width);
        put(layout, used, prefix + "layer_norm1.bias", width);
        put(layout, used, prefix + "mlp.fc1.weight", mlpWidth, width);
        put(layout, used, prefix + "mlp.fc1.bias", mlpWidth);
        put(layout, used, prefix + "mlp.fc2.weight", width, mlpWidth);
        put(layout, used, prefix + "mlp.fc2.bias", width);
        put(layout, used, prefix + "layer_norm2.weight", width);
        put(layout, used, prefix + "layer_norm2.bias", width);
    }

    private static void put(WeightLayout layout, boolean used, String key, long... shape) {
        if (used) {
            layout.use(key, shape);
        } else {
            layout.knowUnused(key, shape);
        }
    }
}
