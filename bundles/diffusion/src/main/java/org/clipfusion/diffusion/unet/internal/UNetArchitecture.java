package org.clipfusion.diffusion.unet.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.unet.UNetConfig;

/**
 * The module tree diffusers 0.30's {@code UNet2DConditionModel.__init__} builds from a {@link UNetConfig}: every
 * block with its resnets (and their channel counts), spatial transformers (heads, depth, context width) and
 * resamplers. Both the checkpoint layout and the graph are derived from this one description.
 *
 * <p>Building it checks what diffusers would only find out in the forward pass: that the channels of the skip
 * connections the up blocks concatenate agree with their resnets, and that every block's channels divide into its
 * heads.
 */
public final class UNetArchitecture {
    private final UNetConfig config;
    private final List<BlockSpec> downBlocks;
    private final BlockSpec midBlock;
    private final List<BlockSpec> upBlocks;

    private UNetArchitecture(UNetConfig config, List<BlockSpec> downBlocks, BlockSpec midBlock,
            List<BlockSpec> upBlocks) {
        this.config = config;
        this.downBlocks = List.copyOf(downBlocks);
        this.midBlock = midBlock;
        this.upBlocks = List.copyOf(upBlocks);
    }

    /**
     * @throws ModelLoadException when the config describes a UNet whose skip connections or heads do not fit
     */
    public static UNetArchitecture of(UNetConfig config) throws ModelLoadException {
        UNetArchitecture architecture = new UNetArchitecture(config, downBlocks(config), midBlock(config),
                upBlocks(config));
        architecture.checkHeads();
        architecture.checkSkipConnections();
        return architecture;
    }

    public UNetConfig config() {
        return config;
    }

    /** {@code down_blocks.0 …}, outermost first. */
    public List<BlockSpec> downBlocks() {
        return downBlocks;
    }

    /** {@code mid_block}, or {@code null} when the config has none. */
    public BlockSpec midBlock() {
        return midBlock;
    }

    /** {@code up_blocks.0 …}, innermost first. */
    public List<BlockSpec> upBlocks() {
        return upBlocks;
    }

    /** Every block in forward order: down blocks, mid block (if any), up blocks. */
    public List<BlockSpec> allBlocks() {
        List<BlockSpec> blocks = new ArrayList<>(downBlocks);
        if (midBlock != null) {
            blocks.add(midBlock);
        }
        blocks.addAll(upBlocks);
        return Collections.unmodifiableList(blocks);
    }

    /** Every {@code Attention} module ({@code attn1} and {@code attn2} of every transformer block), in forward order. */
    public List<AttentionModuleSpec> attentionModules() {
        List<AttentionModuleSpec> modules = new ArrayList<>();
        for (BlockSpec block : allBlocks()) {
            for (SpatialTransformerSpec transformer : block.attentions()) {
                double scale = 1.0 / Math.sqrt(transformer.headDim());
                for (int index = 0; index < transformer.depth(); index++) {
                    modules.add(new AttentionModuleSpec(transformer.blockPath(index) + ".attn1", transformer.heads(),
                            transformer.channels(), false, scale));
                    modules.add(new AttentionModuleSpec(transformer.crossAttentionPath(index), transformer.heads(),
                            transformer.channels(), true, scale));
                }
            }
        }
        return Collections.unmodifiableList(modules);
    }

    private static List<BlockSpec> downBlocks(UNetConfig config) {
        List<BlockSpec> blocks = new ArrayList<>();
        int levels = config.levels();
        int outChannels = config.blockOutChannels().get(0);
        for (int level = 0; level < levels; level++) {
            int inChannels = outChannels;
            outChannels = config.blockOutChannels().get(level);
            String path = "down_blocks." + level;
            boolean withAttention = config.downBlockTypes().get(level).equals(UNetConfig.CROSS_ATTN_DOWN_BLOCK);
            List<ResnetSpec> resnets = new ArrayList<>();
            List<SpatialTransformerSpec> attentions = new ArrayList<>();
            for (int layer = 0; layer < config.layersPerBlock().get(level); layer++) {
                resnets.add(new ResnetSpec(path + ".resnets." + layer, layer == 0 ? inChannels : outChannels,
                        outChannels, 1.0));
                if (withAttention) {
                    attentions.add(new SpatialTransformerSpec(path + ".attentions." + layer, outChannels,
                            config.attentionHeads().get(level), config.downTransformerDepths().get(level).get(layer),
                            config.crossAttentionDims().get(level), config.useLinearProjection(),
                            tokenMultiple(levels - 1 - level)));
                }
            }
            BlockSpec.Resampler resampler = level < levels - 1 ? BlockSpec.Resampler.DOWN : BlockSpec.Resampler.NONE;
            blocks.add(new BlockSpec(path, resnets, attentions, resampler, outChannels));
        }
        return blocks;
    }

    /** {@code 4^halvingsLeft}: what h·w is a multiple of where the map can still be halved that many times. */
    private static int tokenMultiple(int halvingsLeft) {
        return 1 << (2 * halvingsLeft);
    }

    private static BlockSpec midBlock(UNetConfig config) {
        if (config.midBlockType() == null) {
            return null;
        }
        int last = config.levels() - 1;
        int channels = config.blockOutChannels().get(last);
        String path = "mid_block";
        List<ResnetSpec> resnets = new ArrayList<>();
        List<SpatialTransformerSpec> attentions = new ArrayList<>();
        resnets.add(new ResnetSpec(path + ".resnets.0", channels, channels, config.midBlockScaleFactor()));
        for (int layer = 0; layer < config.midTransformerDepths().size(); layer++) {
            attentions.add(new SpatialTransformerSpec(path + ".attentions." + layer, channels,
                    config.attentionHeads().get(last), config.midTransformerDepths().get(layer),
                    config.crossAttentionDims().get(last), config.useLinearProjection()));
            resnets.add(new ResnetSpec(path + ".resnets." + (layer + 1), channels, channels,
                    config.midBlockScaleFactor()));
        }
        return new BlockSpec(path, resnets, attentions, BlockSpec.Resampler.NONE, channels);
    }

    private static List<BlockSpec> upBlocks(UNetConfig config) {
        List<Integer> channels = reversed(config.blockOutChannels());
        List<Integer> heads = reversed(config.attentionHeads());
        List<Integer> layers = reversed(config.layersPerBlock());
        List<Integer> crossDims = reversed(config.crossAttentionDims());
        int levels = config.levels();
        List<BlockSpec> blocks = new ArrayList<>();
        int outChannels = channels.get(0);
        for (int level = 0; level < levels; level++) {
            int previousOutChannels = outChannels;
            outChannels = channels.get(level);
            int inChannels = channels.get(Math.min(level + 1, levels - 1));
            String path = "up_blocks." + level;
            boolean withAttention = config.upBlockTypes().get(level).equals(UNetConfig.CROSS_ATTN_UP_BLOCK);
            int layerCount = layers.get(level) + 1;
            List<ResnetSpec> resnets = new ArrayList<>();
            List<SpatialTransformerSpec> attentions = new ArrayList<>();
            for (int layer = 0; layer < layerCount; layer++) {
                // diffusers' CrossAttnUpBlock2D / UpBlock2D channel rule for the concatenated skip connection.
                int skipChannels = layer == layerCount - 1 ? inChannels : outChannels;
                int resnetInChannels = layer == 0 ? previousOutChannels : outChannels;
                resnets.add(new ResnetSpec(path + ".resnets." + layer, resnetInChannels + skipChannels, outChannels,
                        1.0));
                if (withAttention) {
                    attentions.add(new SpatialTransformerSpec(path + ".attentions." + layer, outChannels,
                            heads.get(level), config.upTransformerDepths().get(level).get(layer),
                            crossDims.get(level), config.useLinearProjection(), tokenMultiple(level)));
                }
            }
            BlockSpec.Resampler resampler = level < levels - 1 ? BlockSpec.Resampler.UP : BlockSpec.Resampler.NONE;
            blocks.add(new BlockSpec(path, resnets, attentions, resampler, outChannels));
        }
        return blocks;
    }

    private void checkHeads() throws ModelLoadException {
        for (BlockSpec block : allBlocks()) {
            for (SpatialTransformerSpec transformer : block.attentions()) {
                if (transformer.channels() % transformer.heads() != 0) {
                    throw new ModelLoadException(config.source(), transformer.path() + ": " + transformer.channels()
                            + " channels do not divide into " + transformer.heads() + " heads (attention_head_dim is "
                            + "the number of heads in diffusers' UNet config)");
                }
            }
        }
    }

    /** Replays the forward pass's stack of skip connections with channel counts only. */
    private void checkSkipConnections() throws ModelLoadException {
        Deque<Integer> skips = new ArrayDeque<>();
        skips.push(config.blockOutChannels().get(0));
        int channels = config.blockOutChannels().get(0);
        for (BlockSpec block : downBlocks) {
            for (ResnetSpec resnet : block.resnets()) {
                requireChannels(resnet, channels, resnet.inChannels());
                channels = resnet.outChannels();
                skips.push(channels);
            }
            if (block.resampler() == BlockSpec.Resampler.DOWN) {
                skips.push(channels);
            }
        }
        if (midBlock != null) {
            requireChannels(midBlock.resnets().get(0), channels, midBlock.resnets().get(0).inChannels());
        }
        for (BlockSpec block : upBlocks) {
            for (ResnetSpec resnet : block.resnets()) {
                if (skips.isEmpty()) {
                    throw new ModelLoadException(config.source(), resnet.path() + " has no skip connection left to "
                            + "concatenate: the up blocks have more resnets than the down path has outputs");
                }
                int concatenated = channels + skips.pop();
                requireChannels(resnet, concatenated, resnet.inChannels());
                channels = resnet.outChannels();
            }
        }
    }

    private void requireChannels(ResnetSpec resnet, int given, int expected) throws ModelLoadException {
        if (given != expected) {
            throw new ModelLoadException(config.source(), resnet.path() + " takes " + expected + " channels but its "
                    + "input (with the skip connection, in up blocks) has " + given);
        }
    }

    private static List<Integer> reversed(List<Integer> values) {
        List<Integer> copy = new ArrayList<>(values);
        Collections.reverse(copy);
        return copy;
    }
}
