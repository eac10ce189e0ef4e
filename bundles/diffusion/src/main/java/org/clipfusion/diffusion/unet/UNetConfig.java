package org.clipfusion.diffusion.unet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.unet.internal.UNetConfigReader;

/**
 * The architecture of a diffusers {@code UNet2DConditionModel}, read from its {@code config.json} (the diffusers
 * schema, as {@code save_config} writes it or as published on the hub) and normalised the way diffusers 0.30's
 * constructor normalises it: every per-block option is expanded to one value per down block, and the transformer
 * depths to one value per layer of every down, mid and up block. Fields a config omits take diffusers' defaults.
 * Immutable.
 *
 * <p><b>Heads.</b> diffusers' naming quirk: {@code attention_head_dim} is used as the <em>number of heads</em> of
 * each block's attention (diffusers 0.30: {@code num_attention_heads = num_attention_heads or attention_head_dim},
 * after refusing a non-null {@code num_attention_heads}); the head width is the block's channels / heads. So SD 1.5
 * ({@code attention_head_dim: 8}) has 8 heads everywhere, SD 2.1 ({@code [5, 10, 20, 20]}) 5, 10, 20, 20 heads of
 * width 64.
 *
 * <p>Options that change the computation in ways this implementation does not follow (class or addition embeddings,
 * other block types, scale-shift time conditioning, dual or cross-only attention, ...) are rejected when read, with
 * an error naming the field.
 *
 * @param inChannels latent channels in ({@code in_channels})
 * @param outChannels channels of the prediction ({@code out_channels})
 * @param centerInputSample whether the input is mapped {@code 2x − 1} first ({@code center_input_sample})
 * @param flipSinToCos whether the timestep embedding is {@code [cos, sin]} rather than {@code [sin, cos]}
 * @param freqShift {@code freq_shift}: frequencies are {@code exp(−ln(10000)·i / (half − freq_shift))}
 * @param downBlockTypes {@link #CROSS_ATTN_DOWN_BLOCK} or {@link #DOWN_BLOCK} per level, outermost first
 * @param midBlockType {@link #CROSS_ATTN_MID_BLOCK}, or {@code null} for none
 * @param upBlockTypes {@link #CROSS_ATTN_UP_BLOCK} or {@link #UP_BLOCK} per level, innermost first
 * @param blockOutChannels channels of each level, outermost first
 * @param layersPerBlock resnets per down block (up blocks have one more)
 * @param downsamplePadding padding of the stride-2 downsampling convolutions (0: pad right and bottom by 1)
 * @param midBlockScaleFactor the mid-block resnets divide their output by it
 * @param normNumGroups groups of every GroupNorm
 * @param normEps epsilon of the resnet GroupNorms and {@code conv_norm_out}
 * @param crossAttentionDims width of the encoder hidden states each down block attends to
 * @param attentionHeads heads of each down block's attention (see above); up blocks use them in reverse, the mid
 *     block the last
 * @param downTransformerDepths for each down block, the transformer blocks of each of its layers
 * @param midTransformerDepths the transformer blocks of each mid-block layer
 * @param upTransformerDepths for each up block, the transformer blocks of each of its layers
 * @param useLinearProjection whether {@code proj_in}/{@code proj_out} are Linear (SD 2.x) rather than 1×1 convs
 * @param timeEmbeddingDim width of the time embedding ({@code time_embedding_dim}, default 4 × the first channels)
 * @param convInKernel kernel size of {@code conv_in}
 * @param convOutKernel kernel size of {@code conv_out}
 * @param source where the config was read from, for error messages
 */
public record UNetConfig(int inChannels, int outChannels, boolean centerInputSample, boolean flipSinToCos,
        double freqShift, List<String> downBlockTypes, String midBlockType, List<String> upBlockTypes,
        List<Integer> blockOutChannels, List<Integer> layersPerBlock, int downsamplePadding,
        double midBlockScaleFactor, int normNumGroups, double normEps, List<Integer> crossAttentionDims,
        List<Integer> attentionHeads, List<List<Integer>> downTransformerDepths, List<Integer> midTransformerDepths,
        List<List<Integer>> upTransformerDepths, boolean useLinearProjection, int timeEmbeddingDim,
        int convInKernel, int convOutKernel, String source) {
    /** Down block with resnets and spatial transformers. */
    public static final String CROSS_ATTN_DOWN_BLOCK = "CrossAttnDownBlock2D";
    /** Down block with resnets only. */
    public static final String DOWN_BLOCK = "DownBlock2D";
    /** Up block with resnets and spatial transformers. */
    public static final String CROSS_ATTN_UP_BLOCK = "CrossAttnUpBlock2D";
    /** Up block with resnets only. */
    public static final String UP_BLOCK = "UpBlock2D";
    /** Mid block: resnet, then (spatial transformer, resnet) per layer. */
    public static final String CROSS_ATTN_MID_BLOCK = "UNetMidBlock2DCrossAttn";
    /** The GroupNorm epsilon of every {@code Transformer2DModel} input ({@code attentions.N.norm}); fixed in diffusers. */
    public static final double TRANSFORMER_GROUP_NORM_EPS = 1e-6;
    /** The LayerNorm epsilon of {@code norm1/2/3} in every transformer block; diffusers' default, not configurable. */
    public static final double TRANSFORMER_LAYER_NORM_EPS = 1e-5;

    /**
     * @throws IllegalArgumentException when the per-block lists disagree in length or a size is not positive
     */
    public UNetConfig {
        Objects.requireNonNull(source, "source");
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
        layersPerBlock = List.copyOf(layersPerBlock);
        crossAttentionDims = List.copyOf(crossAttentionDims);
        attentionHeads = List.copyOf(attentionHeads);
        downTransformerDepths = downTransformerDepths.stream().map(List::copyOf).toList();
        midTransformerDepths = List.copyOf(midTransformerDepths);
        upTransformerDepths = upTransformerDepths.stream().map(List::copyOf).toList();
        int levels = blockOutChannels.size();
        if (levels == 0) {
            throw new IllegalArgumentException("block_out_channels is empty");
        }
        requireLength("down_block_types", downBlockTypes, levels);
        requireLength("up_block_types", upBlockTypes, levels);
        requireLength("layers_per_block", layersPerBlock, levels);
        requireLength("cross_attention_dim", crossAttentionDims, levels);
        requireLength("attention_head_dim", attentionHeads, levels);
        requireLength("down transformer depths", downTransformerDepths, levels);
        requireLength("up transformer depths", upTransformerDepths, levels);
        for (int level = 0; level < levels; level++) {
            requireLength("transformer depths of down block " + level, downTransformerDepths.get(level),
                    layersPerBlock.get(level));
            requireLength("transformer depths of up block " + level, upTransformerDepths.get(level),
                    layersPerBlock.get(levels - 1 - level) + 1);
        }
        requirePositive("in_channels", inChannels);
        requirePositive("out_channels", outChannels);
        requirePositive("norm_num_groups", normNumGroups);
        requirePositive("time_embedding_dim", timeEmbeddingDim);
        requirePositive("conv_in_kernel", convInKernel);
        requirePositive("conv_out_kernel", convOutKernel);
        for (List<Integer> values : List.of(blockOutChannels, layersPerBlock, crossAttentionDims, attentionHeads)) {
            values.forEach(value -> requirePositive("a per-block size", value));
        }
    }

    /**
     * Reads a diffusers {@code unet/config.json}.
     *
     * @throws ModelLoadException naming the file and the field when the JSON is malformed, a field has the wrong
     *     type, sizes are inconsistent, or an unsupported option is set
     */
    public static UNetConfig read(Path file) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file.toString(), "UNet config not found", e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses the text of a diffusers {@code UNet2DConditionModel} config.
     *
     * @param source where the text came from; every error message starts with it
     * @throws ModelLoadException as for {@link #read(Path)}
     */
    public static UNetConfig parse(String json, String source) throws ModelLoadException {
        return UNetConfigReader.parse(json, source);
    }

    /** Number of resolution levels (down blocks = up blocks). */
    public int levels() {
        return blockOutChannels.size();
    }

    /** Upsamplers in the up path (every up block but the last has one); input sizes must be multiples of 2^this. */
    public int upsamplerCount() {
        return levels() - 1;
    }

    private static void requireLength(String what, List<?> values, int expected) {
        if (values.size() != expected) {
            throw new IllegalArgumentException(what + " has " + values.size() + " entries, expected " + expected);
        }
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
