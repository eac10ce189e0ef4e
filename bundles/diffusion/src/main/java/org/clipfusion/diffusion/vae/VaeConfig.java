package org.clipfusion.diffusion.vae;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.vae.internal.VaeConfigReader;

/**
 * The architecture of a diffusers {@code AutoencoderKL} (the Stable Diffusion VAE), as its {@code vae/config.json}
 * gives it; fields absent from the file take diffusers' defaults ({@code scaling_factor} 0.18215 among them, which
 * the SD 1.5 file leaves out). Only the standard block types ({@code DownEncoderBlock2D} / {@code UpDecoderBlock2D})
 * and SiLU are supported; other values are rejected when read. Immutable.
 *
 * @param inChannels image channels ({@code in_channels}, 3)
 * @param outChannels decoder output channels ({@code out_channels}); only shapes the (unused) decoder weights
 * @param blockOutChannels channels of each encoder block ({@code block_out_channels}); all but the last block halve
 *     the resolution
 * @param layersPerBlock resnets per encoder block ({@code layers_per_block}; the decoder has one more)
 * @param latentChannels {@code latent_channels}
 * @param normGroups GroupNorm groups ({@code norm_num_groups}); divides every channel count
 * @param scalingFactor latents = (posterior mean − shift) × this ({@code scaling_factor})
 * @param shiftFactor {@code shift_factor}; 0 when absent or null (SD 1.x / 2.x)
 * @param useQuantConv whether the 1×1 {@code quant_conv} follows the encoder ({@code use_quant_conv})
 * @param usePostQuantConv whether the checkpoint has {@code post_quant_conv} ({@code use_post_quant_conv})
 * @param midBlockAttention whether the mid blocks have self-attention ({@code mid_block_add_attention})
 * @param source where the config was read from, for error messages
 */
public record VaeConfig(int inChannels, int outChannels, List<Integer> blockOutChannels, int layersPerBlock,
        int latentChannels, int normGroups, double scalingFactor, double shiftFactor, boolean useQuantConv,
        boolean usePostQuantConv, boolean midBlockAttention, String source) {
    /** diffusers builds every VAE GroupNorm with this epsilon (resnets, attention, conv_norm_out). */
    public static final double NORM_EPSILON = 1e-6;

    /**
     * @throws IllegalArgumentException when a size is not positive or the groups do not divide a channel count
     */
    public VaeConfig {
        Objects.requireNonNull(source, "source");
        blockOutChannels = List.copyOf(blockOutChannels);
        requirePositive("in_channels", inChannels);
        requirePositive("out_channels", outChannels);
        requirePositive("layers_per_block", layersPerBlock);
        requirePositive("latent_channels", latentChannels);
        requirePositive("norm_num_groups", normGroups);
        if (blockOutChannels.isEmpty()) {
            throw new IllegalArgumentException("block_out_channels is empty");
        }
        for (int channels : blockOutChannels) {
            requirePositive("block_out_channels", channels);
            if (channels % normGroups != 0) {
                throw new IllegalArgumentException("norm_num_groups " + normGroups + " does not divide "
                        + channels + " channels (block_out_channels " + blockOutChannels + ")");
            }
        }
        if (!(scalingFactor > 0) || Double.isInfinite(scalingFactor)) {
            throw new IllegalArgumentException("scaling_factor must be positive, got " + scalingFactor);
        }
    }

    /**
     * Reads a {@code vae/config.json}.
     *
     * @throws ModelLoadException naming the file and the field when the JSON is malformed, a required field is
     *     missing or mistyped, a size is inconsistent, or an unsupported option is set
     */
    public static VaeConfig read(Path file) throws IOException {
        return VaeConfigReader.read(ConfigJson.read(file, "VAE config"));
    }

    /** Parses config JSON; {@code source} names where it came from in error messages. */
    public static VaeConfig parse(String json, String source) throws ModelLoadException {
        return VaeConfigReader.read(ConfigJson.parse(json, source));
    }

    /** How much smaller the latents are than the image per side: 2^(blocks − 1) (8 for SD). */
    public int downsamplingFactor() {
        return 1 << (blockOutChannels.size() - 1);
    }

    /** Channels of the last encoder block, the mid block and {@code conv_norm_out}. */
    public int deepestChannels() {
        return blockOutChannels.get(blockOutChannels.size() - 1);
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
