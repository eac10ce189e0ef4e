package org.clipfusion.diffusion.vae.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.internal.WeightLayout;
import org.clipfusion.diffusion.vae.VaeConfig;

/**
 * The tensors of a diffusers {@code AutoencoderKL} checkpoint for a config: {@code state_dict()} key names and
 * shapes, derived from the config alone. The encoder and {@code quant_conv} are used; the decoder and {@code
 * post_quant_conv} are part of the architecture, so accepted and shape-checked, but not read. The mid-block
 * attentions may carry their pre-0.14 names ({@code query/key/value/proj_attn}), as some SD 1.x files do.
 */
public final class VaeLayout {
    public static final String ENCODER = "encoder.";
    public static final String DECODER = "decoder.";
    public static final String QUANT_CONV = "quant_conv";
    public static final String POST_QUANT_CONV = "post_quant_conv";
    /** Current attention projection names → pre-0.14 diffusers names, same shapes. */
    private static final Map<String, String> LEGACY_ATTENTION_NAMES = Map.of(
            "to_q", "query", "to_k", "key", "to_v", "value", "to_out.0", "proj_attn");

    private VaeLayout() {
    }

    /** Key prefix of resnet {@code index} of encoder down block {@code block}. */
    public static String downResnet(int block, int index) {
        return ENCODER + "down_blocks." + block + ".resnets." + index;
    }

    /** Key prefix of the downsampling convolution of encoder down block {@code block}. */
    public static String downsampler(int block) {
        return ENCODER + "down_blocks." + block + ".downsamplers.0.conv";
    }

    /** Key prefix of resnet {@code index} of a mid block ({@code part} is {@link #ENCODER} or {@link #DECODER}). */
    public static String midResnet(String part, int index) {
        return part + "mid_block.resnets." + index;
    }

    /** Key prefix of the self-attention of a mid block. */
    public static String midAttention(String part) {
        return part + "mid_block.attentions.0";
    }

    /** The layout of {@code config}'s checkpoint. */
    public static WeightLayout of(VaeConfig config) {
        Tensors used = new Tensors();
        Tensors unused = new Tensors();
        encoder(config, used);
        if (config.useQuantConv()) {
            int moments = 2 * config.latentChannels();
            used.conv(QUANT_CONV, moments, moments, 1);
        }
        decoder(config, unused);
        if (config.usePostQuantConv()) {
            unused.conv(POST_QUANT_CONV, config.latentChannels(), config.latentChannels(), 1);
        }
        WeightLayout layout = new WeightLayout();
        used.shapes.forEach(entry -> layout.use(entry.key(), entry.shape()));
        unused.shapes.forEach(entry -> layout.knowUnused(entry.key(), entry.shape()));
        if (config.midBlockAttention()) {
            for (String part : List.of(ENCODER, DECODER)) {
                String prefix = midAttention(part) + ".";
                LEGACY_ATTENTION_NAMES.forEach((current, legacy) -> {
                    layout.alias(prefix + legacy + ".weight", prefix + current + ".weight");
                    layout.alias(prefix + legacy + ".bias", prefix + current + ".bias");
                });
            }
        }
        return layout;
    }

    /** diffusers' {@code Encoder}: conv_in, down blocks, mid block, conv_norm_out, conv_out (mean and logvar). */
    private static void encoder(VaeConfig config, Tensors tensors) {
        List<Integer> channels = config.blockOutChannels();
        tensors.conv(ENCODER + "conv_in", channels.get(0), config.inChannels(), 3);
        int in = channels.get(0);
        for (int block = 0; block < channels.size(); block++) {
            int out = channels.get(block);
            for (int index = 0; index < config.layersPerBlock(); index++) {
                tensors.resnet(downResnet(block, index), index == 0 ? in : out, out);
            }
            if (block < channels.size() - 1) {
                tensors.conv(downsampler(block), out, out, 3);
            }
            in = out;
        }
        midBlock(config, tensors, ENCODER);
        tensors.norm(ENCODER + "conv_norm_out", config.deepestChannels());
        tensors.conv(ENCODER + "conv_out", 2 * config.latentChannels(), config.deepestChannels(), 3);
    }

    /** diffusers' {@code Decoder}: conv_in, mid block, up blocks (one more resnet each), conv_norm_out, conv_out. */
    private static void decoder(VaeConfig config, Tensors tensors) {
        List<Integer> reversed = new ArrayList<>(config.blockOutChannels());
        Collections.reverse(reversed);
        tensors.conv(DECODER + "conv_in", config.deepestChannels(), config.latentChannels(), 3);
        midBlock(config, tensors, DECODER);
        int in = reversed.get(0);
        for (int block = 0; block < reversed.size(); block++) {
            int out = reversed.get(block);
            String prefix = DECODER + "up_blocks." + block;
            for (int index = 0; index <= config.layersPerBlock(); index++) {
                tensors.resnet(prefix + ".resnets." + index, index == 0 ? in : out, out);
            }
            if (block < reversed.size() - 1) {
                tensors.conv(prefix + ".upsamplers.0.conv", out, out, 3);
            }
            in = out;
        }
        int first = config.blockOutChannels().get(0);
        tensors.norm(DECODER + "conv_norm_out", first);
        tensors.conv(DECODER + "conv_out", config.outChannels(), first, 3);
    }

    /** {@code UNetMidBlock2D}: resnet, single-head self-attention over all channels, resnet. */
    private static void midBlock(VaeConfig config, Tensors tensors, String part) {
        int channels = config.deepestChannels();
        tensors.resnet(midResnet(part, 0), channels, channels);
        if (config.midBlockAttention()) {
            String prefix = midAttention(part);
            tensors.norm(prefix + ".group_norm", channels);
            for (String projection : List.of("to_q", "to_k", "to_v", "to_out.0")) {
                tensors.put(prefix + "." + projection + ".weight", channels, channels);
                tensors.put(prefix + "." + projection + ".bias", channels);
            }
        }
        tensors.resnet(midResnet(part, 1), channels, channels);
    }

    private record Entry(String key, long[] shape) {
    }

    /** Collects key → shape entries in order. */
    private static final class Tensors {
        private final List<Entry> shapes = new ArrayList<>();

        void put(String key, long... shape) {
            shapes.add(new Entry(key, shape));
        }

        void conv(String prefix, int out, int in, int kernel) {
            put(prefix + ".weight", out, in, kernel, kernel);
            put(prefix + ".bias", out);
        }

        void norm(String prefix, int channels) {
            put(prefix + ".weight", channels);
            put(prefix + ".bias", channels);
        }

        /** {@code ResnetBlock2D} without time embedding; a 1×1 {@code conv_shortcut} when the channels change. */
        void resnet(String prefix, int in, int out) {
            norm(prefix + ".norm1", in);
            conv(prefix + ".conv1", out, in, 3);
            norm(prefix + ".norm2", out);
            conv(prefix + ".conv2", out, out, 3);
            if (in != out) {
                conv(prefix + ".conv_shortcut", out, in, 1);
            }
        }
    }
}
