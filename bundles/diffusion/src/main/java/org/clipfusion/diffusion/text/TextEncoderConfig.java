package org.clipfusion.diffusion.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.text.internal.TextEncoderConfigReader;

/**
 * The architecture of a Stable Diffusion text encoder, transformers' {@code CLIPTextModel}, as its {@code
 * text_encoder/config.json} (a {@code CLIPTextConfig}) gives it. Fields absent from the file take transformers'
 * defaults; the sizes that define the network (hidden and intermediate size, heads, layers) are required, so a
 * truncated file fails instead of building another model. Immutable.
 *
 * @param hiddenSize token width ({@code hidden_size}); 768 in SD 1.x, 1024 in SD 2.x
 * @param intermediateSize MLP width ({@code intermediate_size})
 * @param attentionHeads {@code num_attention_heads}; divides {@code hiddenSize}
 * @param hiddenLayers {@code num_hidden_layers}
 * @param maxPositionEmbeddings longest token sequence ({@code max_position_embeddings}, 77)
 * @param vocabSize {@code vocab_size}
 * @param activation the MLP activation ({@code hidden_act})
 * @param layerNormEpsilon {@code layer_norm_eps}
 * @param eosTokenId {@code eos_token_id}; 2 (as in the SD configs) selects transformers' legacy pooling at the
 *     largest id, any other value pooling at the first occurrence of that id
 * @param source where the config was read from, for error messages
 */
public record TextEncoderConfig(int hiddenSize, int intermediateSize, int attentionHeads, int hiddenLayers,
        int maxPositionEmbeddings, int vocabSize, Activation activation, double layerNormEpsilon, long eosTokenId,
        String source) {
    /** The {@code eos_token_id} with which transformers pools at {@code argmax(input_ids)} (legacy configs). */
    public static final long LEGACY_ARGMAX_EOS_TOKEN_ID = 2;

    /** The MLP activations transformers' CLIP text models use. */
    public enum Activation {
        /** {@code quick_gelu}: {@code x·sigmoid(1.702x)} (OpenAI CLIP, SD 1.x). */
        QUICK_GELU("quick_gelu"),
        /** {@code gelu}: the exact erf GELU (OpenCLIP ViT-H, SD 2.x). */
        GELU("gelu");

        private final String configName;

        Activation(String configName) {
            this.configName = configName;
        }

        /** The {@code hidden_act} value. */
        public String configName() {
            return configName;
        }
    }

    /**
     * @throws IllegalArgumentException when a size is not positive or the heads do not divide the width
     */
    public TextEncoderConfig {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(source, "source");
        requirePositive("hidden_size", hiddenSize);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("num_attention_heads", attentionHeads);
        requirePositive("num_hidden_layers", hiddenLayers);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        requirePositive("vocab_size", vocabSize);
        if (hiddenSize % attentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + attentionHeads);
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive, got " + layerNormEpsilon);
        }
    }

    /**
     * Reads a {@code text_encoder/config.json}.
     *
     * @throws ModelLoadException naming the file and the field when the JSON is malformed, a required field is
     *     missing or mistyped, a size is inconsistent, or an unsupported option is set
     */
    public static TextEncoderConfig read(Path file) throws IOException {
        return TextEncoderConfigReader.read(ConfigJson.read(file, "text encoder config"));
    }

    /** Parses config JSON; {@code source} names where it came from in error messages. */
    public static TextEncoderConfig parse(String json, String source) throws ModelLoadException {
        return TextEncoderConfigReader.read(ConfigJson.parse(json, source));
    }

    /** Width of one attention head. */
    public int headWidth() {
        return hiddenSize / attentionHeads;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
