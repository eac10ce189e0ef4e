package org.clipfusion.diffusion.unet.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.BooleanNode;
import org.nd4j.shade.jackson.databind.node.NullNode;
import org.nd4j.shade.jackson.databind.node.TextNode;

/**
 * Turns the JSON of a diffusers {@code UNet2DConditionModel} config into a {@link UNetConfig}, following diffusers
 * 0.30.3's constructor: absent fields take the constructor's defaults, per-block options given as one value are
 * repeated for every block, up blocks take the per-block lists reversed, and the transformer depth of every layer is
 * resolved ({@code transformer_layers_per_block}, {@code reverse_transformer_layers_per_block}). Options that would
 * make diffusers build something this implementation does not compute are rejected, naming the field.
 */
public final class UNetConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** diffusers' {@code get_down_block}/{@code get_up_block} strip this prefix from block type names. */
    private static final String LEGACY_BLOCK_PREFIX = "UNetRes";
    private static final List<String> DEFAULT_DOWN_BLOCKS = List.of(UNetConfig.CROSS_ATTN_DOWN_BLOCK,
            UNetConfig.CROSS_ATTN_DOWN_BLOCK, UNetConfig.CROSS_ATTN_DOWN_BLOCK, UNetConfig.DOWN_BLOCK);
    private static final List<String> DEFAULT_UP_BLOCKS = List.of(UNetConfig.UP_BLOCK, UNetConfig.CROSS_ATTN_UP_BLOCK,
            UNetConfig.CROSS_ATTN_UP_BLOCK, UNetConfig.CROSS_ATTN_UP_BLOCK);
    private static final List<Integer> DEFAULT_BLOCK_OUT_CHANNELS = List.of(320, 640, 1280, 1280);
    private static final Set<String> SILU_NAMES = Set.of("silu", "swish");

    /** An option this implementation only supports at diffusers' default (absent counts as the default). */
    private record RequiredValue(String field, JsonNode supported, String why) {
        boolean accepts(JsonNode value) {
            return value == null || value.equals(supported) || (supported.isNull() && value.isNull());
        }
    }

    private static final List<RequiredValue> LIMITS = List.of(
            new RequiredValue("num_attention_heads", NullNode.instance, "diffusers 0.30 refuses it (ValueError: "
                    + "heads are given by attention_head_dim, diffusers issue #2011)"),
            new RequiredValue("dual_cross_attention", BooleanNode.FALSE, "DualTransformer2DModel is not implemented"),
            new RequiredValue("class_embed_type", NullNode.instance, "class embeddings are not implemented"),
            new RequiredValue("num_class_embeds", NullNode.instance, "class embeddings are not implemented"),
            new RequiredValue("class_embeddings_concat", BooleanNode.FALSE, "class embeddings are not implemented"),
            new RequiredValue("addition_embed_type", NullNode.instance, "addition embeddings are not implemented"),
            new RequiredValue("encoder_hid_dim", NullNode.instance, "encoder_hid_proj is not implemented"),
            new RequiredValue("encoder_hid_dim_type", NullNode.instance, "encoder_hid_proj is not implemented"),
            new RequiredValue("time_cond_proj_dim", NullNode.instance, "timestep conditioning is not implemented"),
            new RequiredValue("timestep_post_act", NullNode.instance, "a post-activation of the time embedding is "
                    + "not implemented"),
            new RequiredValue("time_embedding_act_fn", NullNode.instance, "time_embed_act is not implemented"),
            new RequiredValue("time_embedding_type", new TextNode("positional"), "only sinusoidal (positional) "
                    + "timestep embeddings are implemented"),
            new RequiredValue("resnet_time_scale_shift", new TextNode("default"), "only additive time conditioning "
                    + "of the resnets is implemented"),
            new RequiredValue("attention_type", new TextNode("default"), "GLIGEN gated attention is not "
                    + "implemented"));

    private final String source;

    private UNetConfigReader(String source) {
        this.source = source;
    }

    /** See {@link UNetConfig#parse(String, String)}. */
    public static UNetConfig parse(String json, String source) throws ModelLoadException {
        return new UNetConfigReader(source).read(json);
    }

    private UNetConfig read(String json) throws ModelLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(source, "a UNet config must be a JSON object");
        }
        for (RequiredValue limit : LIMITS) {
            JsonNode value = root.get(limit.field());
            if (!limit.accepts(value)) {
                throw unsupported(limit.field(), value.toString(), limit.why() + " (supported: "
                        + limit.supported() + ")");
            }
        }
        String activation = text(root, "act_fn", "silu");
        if (!SILU_NAMES.contains(activation)) {
            throw unsupported("act_fn", activation, "only SiLU (silu/swish) is implemented");
        }
        checkNoCrossOnlyAttention(root);

        List<String> downTypes = blockTypes(root, "down_block_types", DEFAULT_DOWN_BLOCKS,
                Set.of(UNetConfig.CROSS_ATTN_DOWN_BLOCK, UNetConfig.DOWN_BLOCK));
        List<String> upTypes = blockTypes(root, "up_block_types", DEFAULT_UP_BLOCKS,
                Set.of(UNetConfig.CROSS_ATTN_UP_BLOCK, UNetConfig.UP_BLOCK));
        String midType = root.has("mid_block_type") ? nullableText(root, "mid_block_type")
                : UNetConfig.CROSS_ATTN_MID_BLOCK;
        if (midType != null && !midType.equals(UNetConfig.CROSS_ATTN_MID_BLOCK)) {
            throw unsupported("mid_block_type", midType, "only " + UNetConfig.CROSS_ATTN_MID_BLOCK + " (or null) is "
                    + "implemented");
        }
        List<Integer> channels = intList(root, "block_out_channels", DEFAULT_BLOCK_OUT_CHANNELS);
        int levels = channels.size();
        if (downTypes.size() != levels || upTypes.size() != levels) {
            throw new ModelLoadException(source, "down_block_types (" + downTypes.size() + "), up_block_types ("
                    + upTypes.size() + ") and block_out_channels (" + levels + ") must have the same length");
        }
        List<Integer> layers = intOrList(root, "layers_per_block", 2, levels);
        List<Integer> heads = intOrList(root, "attention_head_dim", 8, levels);
        List<Integer> crossDims = intOrList(root, "cross_attention_dim", 1280, levels);
        TransformerDepths depths = transformerDepths(root, layers);
        int normGroups = requiredNonNullInt(root, "norm_num_groups", 32);
        int timeEmbeddingDim = root.hasNonNull("time_embedding_dim") ? intValue(root.get("time_embedding_dim"),
                "time_embedding_dim") : channels.get(0) * 4;
        try {
            return new UNetConfig(
                    intField(root, "in_channels", 4),
                    intField(root, "out_channels", 4),
                    booleanField(root, "center_input_sample", false),
                    booleanField(root, "flip_sin_to_cos", true),
                    doubleField(root, "freq_shift", 0),
                    downTypes, midType, upTypes, channels, layers,
                    intField(root, "downsample_padding", 1),
                    doubleField(root, "mid_block_scale_factor", 1),
                    normGroups,
                    doubleField(root, "norm_eps", 1e-5),
                    crossDims, heads, depths.down(), depths.mid(), depths.up(),
                    booleanField(root, "use_linear_projection", false),
                    timeEmbeddingDim,
                    intField(root, "conv_in_kernel", 3),
                    intField(root, "conv_out_kernel", 3),
                    source);
        } catch (IllegalArgumentException inconsistent) {
            throw new ModelLoadException(source, inconsistent.getMessage(), inconsistent);
        }
    }

    /** Transformer blocks per layer, resolved for every down, mid and up block. */
    private record TransformerDepths(List<List<Integer>> down, List<Integer> mid, List<List<Integer>> up) {
    }

    /**
     * diffusers: an int {@code transformer_layers_per_block} is repeated per down block; each block entry, an int or
     * a per-layer list, is repeated per layer when an int. Up blocks take the entries reversed, or
     * {@code reverse_transformer_layers_per_block} (required when an entry is a list); the mid block the last entry.
     */
    private TransformerDepths transformerDepths(JsonNode root, List<Integer> layers) throws ModelLoadException {
        int levels = layers.size();
        String field = "transformer_layers_per_block";
        JsonNode node = root.get(field);
        List<JsonNode> perBlock = new ArrayList<>();
        if (node == null || node.isNull() || node.isIntegralNumber()) {
            JsonNode value = node == null || node.isNull() ? JSON.getNodeFactory().numberNode(1) : node;
            for (int level = 0; level < levels; level++) {
                perBlock.add(value);
            }
        } else if (node.isArray()) {
            if (node.size() != levels) {
                throw new ModelLoadException(source, "field '" + field + "' has " + node.size() + " entries, expected "
                        + levels + " (one per down block)");
            }
            node.forEach(perBlock::add);
        } else {
            throw new ModelLoadException(source, "field '" + field + "' must be an integer or a list, got " + node);
        }
        JsonNode reverse = root.get("reverse_transformer_layers_per_block");
        List<JsonNode> perUpBlock = new ArrayList<>();
        if (reverse == null || reverse.isNull()) {
            if (perBlock.stream().anyMatch(JsonNode::isArray)) {
                throw new ModelLoadException(source, "field '" + field + "' has per-layer lists, which diffusers only "
                        + "accepts together with 'reverse_transformer_layers_per_block'");
            }
            perUpBlock.addAll(perBlock);
            Collections.reverse(perUpBlock);
        } else if (reverse.isArray() && reverse.size() == levels) {
            reverse.forEach(perUpBlock::add);
        } else {
            throw new ModelLoadException(source, "field 'reverse_transformer_layers_per_block' must be a list of "
                    + levels + " entries, got " + reverse);
        }
        List<List<Integer>> down = new ArrayList<>();
        List<List<Integer>> up = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            down.add(perLayer(perBlock.get(level), layers.get(level), field + "[" + level + "]"));
            up.add(perLayer(perUpBlock.get(level), layers.get(levels - 1 - level) + 1,
                    "reverse_transformer_layers_per_block[" + level + "]"));
        }
        // UNetMidBlock2DCrossAttn has one layer.
        List<Integer> mid = perLayer(perBlock.get(levels - 1), 1, field + "[" + (levels - 1) + "]");
        return new TransformerDepths(down, mid, up);
    }

    /** A block's entry: an int repeated {@code layerCount} times, or a list of which the first entries are used. */
    private List<Integer> perLayer(JsonNode entry, int layerCount, String name) throws ModelLoadException {
        List<Integer> depths = new ArrayList<>();
        if (entry.isArray()) {
            if (entry.size() < layerCount) {
                throw new ModelLoadException(source, "field '" + name + "' has " + entry.size() + " entries but the "
                        + "block has " + layerCount + " layers");
            }
            for (int layer = 0; layer < layerCount; layer++) {
                depths.add(positive(intValue(entry.get(layer), name + "[" + layer + "]"), name));
            }
        } else {
            int depth = positive(intValue(entry, name), name);
            for (int layer = 0; layer < layerCount; layer++) {
                depths.add(depth);
            }
        }
        return depths;
    }

    /** {@code only_cross_attention} would make {@code attn1} attend to the text; only {@code false} is supported. */
    private void checkNoCrossOnlyAttention(JsonNode root) throws ModelLoadException {
        JsonNode node = root.get("only_cross_attention");
        if (node == null || node.isNull() || (node.isBoolean() && !node.booleanValue())) {
            return;
        }
        if (node.isArray()) {
            boolean anyTrue = false;
            for (JsonNode value : node) {
                anyTrue |= !value.isBoolean() || value.booleanValue();
            }
            if (!anyTrue) {
                return;
            }
        }
        throw unsupported("only_cross_attention", node.toString(), "cross-only attention is not implemented");
    }

    private List<String> blockTypes(JsonNode root, String field, List<String> defaults, Set<String> supported)
            throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node == null) {
            return defaults;
        }
        if (!node.isArray()) {
            throw new ModelLoadException(source, "field '" + field + "' must be a list of block type names, got "
                    + node);
        }
        List<String> types = new ArrayList<>();
        for (JsonNode value : node) {
            String type = value.isTextual() ? value.textValue() : String.valueOf(value);
            String normalised = type.startsWith(LEGACY_BLOCK_PREFIX) ? type.substring(LEGACY_BLOCK_PREFIX.length())
                    : type;
            if (!supported.contains(normalised)) {
                throw unsupported(field, node.toString(), "block type " + type + " is not implemented (supported: "
                        + supported + ")");
            }
            types.add(normalised);
        }
        return types;
    }

    /** diffusers' pattern for per-block options: one int for every block, or a list with one entry per block. */
    private List<Integer> intOrList(JsonNode root, String field, int defaultValue, int levels)
            throws ModelLoadException {
        JsonNode node = root.get(field);
        List<Integer> values = new ArrayList<>();
        if (node == null) {
            values.addAll(Collections.nCopies(levels, defaultValue));
        } else if (node.isArray()) {
            if (node.size() != levels) {
                throw new ModelLoadException(source, "field '" + field + "' has " + node.size() + " entries, expected "
                        + levels + " (one per down block)");
            }
            for (int level = 0; level < levels; level++) {
                values.add(positive(intValue(node.get(level), field + "[" + level + "]"), field));
            }
        } else {
            values.addAll(Collections.nCopies(levels, positive(intValue(node, field), field)));
        }
        return values;
    }

    private List<Integer> intList(JsonNode root, String field, List<Integer> defaults) throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node == null) {
            return defaults;
        }
        if (!node.isArray()) {
            throw new ModelLoadException(source, "field '" + field + "' must be a list of integers, got " + node);
        }
        List<Integer> values = new ArrayList<>();
        for (int index = 0; index < node.size(); index++) {
            values.add(positive(intValue(node.get(index), field + "[" + index + "]"), field));
        }
        return values;
    }

    private int requiredNonNullInt(JsonNode root, String field, int defaultValue) throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node != null && node.isNull()) {
            throw unsupported(field, "null", "every norm of the implemented blocks is a GroupNorm and needs groups");
        }
        return intField(root, field, defaultValue);
    }

    private int intField(JsonNode root, String field, int defaultValue) throws ModelLoadException {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? defaultValue : intValue(node, field);
    }

    private double doubleField(JsonNode root, String field, double defaultValue) throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isNumber()) {
            throw new ModelLoadException(source, "field '" + field + "' must be a number, got " + node);
        }
        return node.doubleValue();
    }

    private boolean booleanField(JsonNode root, String field, boolean defaultValue) throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new ModelLoadException(source, "field '" + field + "' must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    private String text(JsonNode root, String field, String defaultValue) throws ModelLoadException {
        String value = root.has(field) ? nullableText(root, field) : null;
        return value == null ? defaultValue : value;
    }

    private String nullableText(JsonNode root, String field) throws ModelLoadException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ModelLoadException(source, "field '" + field + "' must be a string, got " + node);
        }
        return node.textValue();
    }

    private int intValue(JsonNode node, String name) throws ModelLoadException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ModelLoadException(source, "field '" + name + "' must be an integer, got " + node);
        }
        return node.intValue();
    }

    private int positive(int value, String name) throws ModelLoadException {
        if (value <= 0) {
            throw new ModelLoadException(source, "field '" + name + "' must be positive, got " + value);
        }
        return value;
    }

    private ModelLoadException unsupported(String field, String value, String why) {
        return new ModelLoadException(source, "field '" + field + "' = " + value + " is not supported: " + why);
    }
}
