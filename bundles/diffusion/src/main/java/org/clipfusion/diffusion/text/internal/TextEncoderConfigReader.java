package org.clipfusion.diffusion.text.internal;

import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.text.TextEncoderConfig.Activation;

/**
 * Turns a {@code CLIPTextConfig} JSON into a {@link TextEncoderConfig}, with transformers' defaults
 * ({@code configuration_clip.py}) for the fields that may be left out.
 */
public final class TextEncoderConfigReader {
    private static final String MODEL_TYPE = "clip_text_model";
    private static final int DEFAULT_VOCAB_SIZE = 49408;
    private static final int DEFAULT_MAX_POSITIONS = 77;
    private static final double DEFAULT_LAYER_NORM_EPS = 1e-5;
    private static final long DEFAULT_EOS_TOKEN_ID = 49407;

    private TextEncoderConfigReader() {
    }

    /** See {@link TextEncoderConfig#read}. */
    public static TextEncoderConfig read(ConfigJson json) throws ModelLoadException {
        String modelType = json.optionalString("model_type", MODEL_TYPE);
        if (!modelType.equals(MODEL_TYPE)) {
            throw json.unsupported("model_type", "only a CLIPTextModel config ('" + MODEL_TYPE + "') is read here");
        }
        try {
            return new TextEncoderConfig(
                    json.requiredInt("hidden_size"),
                    json.requiredInt("intermediate_size"),
                    json.requiredInt("num_attention_heads"),
                    json.requiredInt("num_hidden_layers"),
                    json.optionalInt("max_position_embeddings", DEFAULT_MAX_POSITIONS),
                    json.optionalInt("vocab_size", DEFAULT_VOCAB_SIZE),
                    activation(json),
                    json.optionalDouble("layer_norm_eps", DEFAULT_LAYER_NORM_EPS),
                    json.optionalLong("eos_token_id", DEFAULT_EOS_TOKEN_ID),
                    json.source());
        } catch (IllegalArgumentException inconsistent) {
            throw new ModelLoadException(json.source(), inconsistent.getMessage(), inconsistent);
        }
    }

    private static Activation activation(ConfigJson json) throws ModelLoadException {
        String name = json.optionalString("hidden_act", Activation.QUICK_GELU.configName());
        for (Activation activation : Activation.values()) {
            if (activation.configName().equals(name)) {
                return activation;
            }
        }
        throw json.unsupported("hidden_act", "only quick_gelu and gelu (exact erf) are implemented");
    }
}
