package org.clipfusion.clip.model.internal;

import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.clip.model.OpenClipConfig.TextConfig;
import org.clipfusion.clip.model.OpenClipConfig.VisionConfig;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.BooleanNode;
import org.nd4j.shade.jackson.databind.node.NullNode;
import org.nd4j.shade.jackson.databind.node.TextNode;

/**
 * Turns the JSON of an open_clip model config into an {@link OpenClipConfig}. Field names and defaults follow
 * open_clip's {@code CLIPVisionCfg} / {@code CLIPTextCfg} dataclasses; sizes open_clip defaults but every real
 * config states (widths, layers, image and patch size, ...) are required here, so that a truncated file fails
 * instead of silently building another model.
 */
public final class OpenClipConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_HEAD_WIDTH = 64;
    private static final double DEFAULT_MLP_RATIO = 4.0;

    /** An option this implementation only supports at one value (usually open_clip's default). */
    private record RequiredValue(String field, JsonNode supported, String why) {
        boolean accepts(JsonNode value) {
            return value == null || value.equals(supported) || (supported.isNull() && value.isNull());
        }
    }

    private static final List<RequiredValue> TOP_LEVEL_LIMITS = List.of(
            new RequiredValue("custom_text", BooleanNode.FALSE, "CustomTextCLIP checkpoints use other key names"),
            new RequiredValue("init_logit_bias", NullNode.instance, "SigLIP-style logit bias is not implemented"));
    private static final List<RequiredValue> VISION_LIMITS = List.of(
            new RequiredValue("timm_model_name", NullNode.instance, "timm image towers are not implemented"),
            new RequiredValue("ls_init_value", NullNode.instance, "layer scale is not implemented"),
            new RequiredValue("attentional_pool", BooleanNode.FALSE, "attentional pooling is not implemented"),
            new RequiredValue("no_ln_pre", BooleanNode.FALSE, "ln_pre is always applied"),
            new RequiredValue("pos_embed_type", new TextNode("learnable"), "only learned positional embeddings"),
            new RequiredValue("final_ln_after_pool", BooleanNode.FALSE, "ln_post is applied to all tokens"),
            new RequiredValue("pool_type", new TextNode("tok"), "only class-token pooling is implemented"),
            new RequiredValue("act_kwargs", NullNode.instance, "activation options are not implemented"),
            new RequiredValue("norm_kwargs", NullNode.instance, "LayerNorm options are not implemented"),
            new RequiredValue("input_patchnorm", BooleanNode.FALSE, "patch normalisation is not implemented"),
            new RequiredValue("global_average_pool", BooleanNode.FALSE, "only class-token pooling is implemented"),
            new RequiredValue("block_type", NullNode.instance, "only the default residual block is implemented"));
    private static final List<RequiredValue> TEXT_LIMITS = List.of(
            new RequiredValue("hf_model_name", NullNode.instance, "Hugging Face text towers are not implemented"),
            new RequiredValue("ls_init_value", NullNode.instance, "layer scale is not implemented"),
            new RequiredValue("embed_cls", BooleanNode.FALSE, "a text class token is not implemented"),
            new RequiredValue("no_causal_mask", BooleanNode.FALSE, "the text tower is always causal"),
            new RequiredValue("pool_type", new TextNode("argmax"), "only EOT (argmax) pooling is implemented"),
            new RequiredValue("final_ln_after_pool", BooleanNode.FALSE, "ln_final is applied to all tokens"),
            new RequiredValue("proj_bias", BooleanNode.FALSE, "the text projection has no bias"),
            new RequiredValue("proj_type", new TextNode("linear"), "only a linear text projection is implemented"),
            new RequiredValue("act_kwargs", NullNode.instance, "activation options are not implemented"),
            new RequiredValue("norm_kwargs", NullNode.instance, "LayerNorm options are not implemented"),
            new RequiredValue("block_type", NullNode.instance, "only the default residual block is implemented"));

    private final String source;

    private OpenClipConfigReader(String source) {
        this.source = source;
    }

    /** See {@link OpenClipConfig#parse(String, String)}. */
    public static OpenClipConfig parse(String json, String source) throws ModelLoadException {
        return new OpenClipConfigReader(source).read(json);
    }

    private OpenClipConfig read(String json) throws ModelLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(source, "an open_clip model config must be a JSON object");
        }
        // Hugging Face hub repositories wrap the model config: open_clip_config.json = {model_cfg, preprocess_cfg}.
        String prefix = "";
        if (root.has("model_cfg") && !root.has("embed_dim")) {
            root = object(root, "", "model_cfg");
            prefix = "model_cfg.";
        }
        if (root.has("multimodal_cfg")) {
            throw unsupported(prefix + "multimodal_cfg", "present", "CoCa models are not implemented");
        }
        checkLimits(root, prefix, TOP_LEVEL_LIMITS);
        try {
            return new OpenClipConfig(
                    requiredInt(root, prefix, "embed_dim"),
                    vision(object(root, prefix, "vision_cfg"), prefix + "vision_cfg."),
                    text(object(root, prefix, "text_cfg"), prefix + "text_cfg."),
                    optionalBoolean(root, prefix, "quick_gelu", false),
                    source);
        } catch (IllegalArgumentException inconsistent) {
            throw new ModelLoadException(source, inconsistent.getMessage(), inconsistent);
        }
    }

    private VisionConfig vision(JsonNode cfg, String prefix) throws ModelLoadException {
        checkLimits(cfg, prefix, VISION_LIMITS);
        JsonNode layers = cfg.get("layers");
        if (layers != null && layers.isArray()) {
            throw unsupported(prefix + "layers", layers.toString(), "ModifiedResNet image towers are not implemented");
        }
        int[] imageSize = intOrPair(cfg, prefix, "image_size");
        int[] patchSize = intOrPair(cfg, prefix, "patch_size");
        return new VisionConfig(imageSize[0], imageSize[1], patchSize[0], patchSize[1],
                requiredInt(cfg, prefix, "layers"),
                requiredInt(cfg, prefix, "width"),
                optionalInt(cfg, prefix, "head_width", DEFAULT_HEAD_WIDTH),
                optionalDouble(cfg, prefix, "mlp_ratio", DEFAULT_MLP_RATIO));
    }

    private TextConfig text(JsonNode cfg, String prefix) throws ModelLoadException {
        checkLimits(cfg, prefix, TEXT_LIMITS);
        return new TextConfig(
                requiredInt(cfg, prefix, "context_length"),
                requiredInt(cfg, prefix, "vocab_size"),
                requiredInt(cfg, prefix, "width"),
                requiredInt(cfg, prefix, "heads"),
                requiredInt(cfg, prefix, "layers"),
                optionalDouble(cfg, prefix, "mlp_ratio", DEFAULT_MLP_RATIO));
    }

    private void checkLimits(JsonNode cfg, String prefix, List<RequiredValue> limits) throws ModelLoadException {
        for (RequiredValue limit : limits) {
            JsonNode value = cfg.get(limit.field());
            if (!limit.accepts(value)) {
                throw unsupported(prefix + limit.field(), value.toString(), limit.why() + " (supported: "
                        + limit.supported() + ")");
            }
        }
    }

    private JsonNode object(JsonNode parent, String prefix, String field) throws ModelLoadException {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw new ModelLoadException(source, "required field '" + prefix + field + "' is missing");
        }
        if (!node.isObject()) {
            throw new ModelLoadException(source, "field '" + prefix + field + "' must be an object, got " + node);
        }
        return node;
    }

    private int requiredInt(JsonNode parent, String prefix, String field) throws ModelLoadException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new ModelLoadException(source, "required field '" + prefix + field + "' is missing");
        }
        return intValue(node, prefix + field);
    }

    private int optionalInt(JsonNode parent, String prefix, String field, int defaultValue) throws ModelLoadException {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? defaultValue : intValue(node, prefix + field);
    }

    private double optionalDouble(JsonNode parent, String prefix, String field, double defaultValue)
            throws ModelLoadException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isNumber()) {
            throw new ModelLoadException(source, "field '" + prefix + field + "' must be a number, got " + node);
        }
        return node.doubleValue();
    }

    private boolean optionalBoolean(JsonNode parent, String prefix, String field, boolean defaultValue)
            throws ModelLoadException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new ModelLoadException(source, "field '" + prefix + field + "' must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    /** open_clip's {@code to_2tuple}: an int means a square, a two-element list is {@code [height, width]}. */
    private int[] intOrPair(JsonNode parent, String prefix, String field) throws ModelLoadException {
        JsonNode node = parent.get(field);
        String name = prefix + field;
        if (node == null || node.isNull()) {
            throw new ModelLoadException(source, "required field '" + name + "' is missing");
        }
        if (node.isArray()) {
            if (node.size() != 2) {
                throw new ModelLoadException(source, "field '" + name + "' must be an integer or [height, width], got "
                        + node);
            }
            return new int[] {intValue(node.get(0), name + "[0]"), intValue(node.get(1), name + "[1]")};
        }
        int size = intValue(node, name);
        return new int[] {size, size};
    }

    private int intValue(JsonNode node, String name) throws ModelLoadException {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ModelLoadException(source, "field '" + name + "' must be an integer, got " + node);
        }
        return node.intValue();
    }

    private ModelLoadException unsupported(String field, String value, String why) {
        return new ModelLoadException(source, "field '" + field + "' = " + value + " is not supported: " + why);
    }
}
