package org.clipfusion.diffusion.vae.internal;

import java.util.Collections;
import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.vae.VaeConfig;

/**
 * Turns an {@code AutoencoderKL} config JSON into a {@link VaeConfig}, with the defaults of diffusers'
 * {@code AutoencoderKL.__init__} for fields left out, and rejecting what this implementation does not compute.
 */
public final class VaeConfigReader {
    private static final String CLASS_NAME = "AutoencoderKL";
    private static final String DOWN_BLOCK = "DownEncoderBlock2D";
    private static final String UP_BLOCK = "UpDecoderBlock2D";
    private static final double DEFAULT_SCALING_FACTOR = 0.18215;

    private VaeConfigReader() {
    }

    /** See {@link VaeConfig#read}. */
    public static VaeConfig read(ConfigJson json) throws ModelLoadException {
        if (!json.optionalString("_class_name", CLASS_NAME).equals(CLASS_NAME)) {
            throw json.unsupported("_class_name", "only AutoencoderKL is implemented");
        }
        if (!json.optionalString("act_fn", "silu").equals("silu")) {
            throw json.unsupported("act_fn", "only SiLU is implemented");
        }
        for (String field : List.of("latents_mean", "latents_std")) {
            if (json.has(field)) {
                throw json.unsupported(field, "per-channel latent normalisation is not implemented");
            }
        }
        List<Integer> channels = json.requiredIntList("block_out_channels");
        if (!json.has("down_block_types")) {
            throw json.error("required field 'down_block_types' is missing");
        }
        requireBlocks(json, "down_block_types", DOWN_BLOCK, channels.size());
        // The decoder is not run; its blocks only name and shape checkpoint tensors.
        requireBlocks(json, "up_block_types", UP_BLOCK, channels.size());
        try {
            return new VaeConfig(
                    json.optionalInt("in_channels", 3),
                    json.optionalInt("out_channels", 3),
                    channels,
                    json.optionalInt("layers_per_block", 1),
                    json.optionalInt("latent_channels", 4),
                    json.optionalInt("norm_num_groups", 32),
                    json.optionalDouble("scaling_factor", DEFAULT_SCALING_FACTOR),
                    json.nullableDouble("shift_factor").orElse(0.0),
                    json.optionalBoolean("use_quant_conv", true),
                    json.optionalBoolean("use_post_quant_conv", true),
                    json.optionalBoolean("mid_block_add_attention", true),
                    json.source());
        } catch (IllegalArgumentException inconsistent) {
            throw new ModelLoadException(json.source(), inconsistent.getMessage(), inconsistent);
        }
    }

    /** One block of the standard type per {@code block_out_channels} entry (assumed when the field is absent). */
    private static void requireBlocks(ConfigJson json, String field, String type, int blocks)
            throws ModelLoadException {
        List<String> types = json.optionalStringList(field, Collections.nCopies(blocks, type));
        if (types.size() != blocks) {
            throw json.error("field '" + field + "' lists " + types.size() + " blocks but block_out_channels has "
                    + blocks);
        }
        for (String actual : types) {
            if (!actual.equals(type)) {
                throw json.unsupported(field, "only " + type + " blocks are implemented");
            }
        }
    }
}
