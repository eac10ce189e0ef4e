package org.clipfusion.clip.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.clipfusion.clip.model.internal.OpenClipConfigReader;
import org.clipfusion.model.ModelLoadException;

/**
 * The architecture of an open_clip CLIP model with a ViT image tower, as given by an open_clip model-config JSON
 * ({@code model_configs/*.json}, or the {@code model_cfg} of a Hugging Face {@code open_clip_config.json}). Every
 * size the model uses derives from here; nothing is fixed in code except what open_clip itself fixes (3 input
 * channels, LayerNorm epsilon 1e-5). Immutable.
 *
 * <p>Config options that change the computation in ways this implementation does not follow (layer scale,
 * attentional pooling, pooling other than CLS / EOT-argmax, LayerNorm after pooling, timm or Hugging Face towers,
 * ...) are rejected when read, with an error naming the field, rather than silently computing something else.
 *
 * @param embedDim size of the joint image-text embedding ({@code embed_dim})
 * @param quickGelu whether the MLPs use QuickGELU {@code x·sigmoid(1.702x)} (OpenAI checkpoints) rather than the
 *     exact erf GELU ({@code quick_gelu}, default false)
 * @param source where this configuration was read from, for error messages
 */
public record OpenClipConfig(int embedDim, VisionConfig vision, TextConfig text, boolean quickGelu, String source) {
    /** open_clip's LayerNorm epsilon (torch's default; open_clip configs do not set it). */
    public static final double LAYER_NORM_EPSILON = 1e-5;
    /** open_clip's VisionTransformer always takes RGB input. */
    public static final int IMAGE_CHANNELS = 3;

    /**
     * @throws IllegalArgumentException when a size is not positive
     */
    public OpenClipConfig {
        Objects.requireNonNull(vision, "vision");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        requirePositive("embed_dim", embedDim);
    }

    /**
     * Reads an open_clip model-config JSON file.
     *
     * @throws ModelLoadException naming the file and the field when the JSON is malformed, a required field is
     *     missing or has the wrong type, a size is inconsistent, or an unsupported option is set
     */
    public static OpenClipConfig read(Path file) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file.toString(), "open_clip model config not found", e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses an open_clip model-config JSON text.
     *
     * @param source where the text came from; every error message starts with it
     * @throws ModelLoadException as for {@link #read(Path)}
     */
    public static OpenClipConfig parse(String json, String source) throws ModelLoadException {
        return OpenClipConfigReader.parse(json, source);
    }

    /**
     * The image tower ({@code vision_cfg}).
     *
     * @param imageHeight input height in pixels ({@code image_size}, an int or {@code [h, w]})
     * @param imageWidth input width in pixels
     * @param patchHeight patch height ({@code patch_size}, an int or {@code [h, w]})
     * @param patchWidth patch width
     * @param layers number of residual attention blocks
     * @param width token width
     * @param headWidth width of one attention head ({@code head_width}, default 64); heads = width / head_width
     * @param mlpRatio MLP hidden width / width ({@code mlp_ratio}, default 4.0)
     */
    public record VisionConfig(int imageHeight, int imageWidth, int patchHeight, int patchWidth, int layers,
            int width, int headWidth, double mlpRatio) {
        /**
         * @throws IllegalArgumentException when a size is not positive, the image is smaller than a patch, or the
         *     width is not a multiple of the head width
         */
        public VisionConfig {
            requirePositive("vision_cfg.image_size", imageHeight);
            requirePositive("vision_cfg.image_size", imageWidth);
            requirePositive("vision_cfg.patch_size", patchHeight);
            requirePositive("vision_cfg.patch_size", patchWidth);
            requirePositive("vision_cfg.layers", layers);
            requirePositive("vision_cfg.width", width);
            requirePositive("vision_cfg.head_width", headWidth);
            requirePositiveRatio("vision_cfg.mlp_ratio", mlpRatio, width);
            if (imageHeight < patchHeight || imageWidth < patchWidth) {
                throw new IllegalArgumentException("vision_cfg.image_size " + imageHeight + "x" + imageWidth
                        + " is smaller than vision_cfg.patch_size " + patchHeight + "x" + patchWidth);
            }
            if (width % headWidth != 0) {
                throw new IllegalArgumentException("vision_cfg.width " + width
                        + " is not a multiple of vision_cfg.head_width " + headWidth);
            }
        }

        /** Attention heads per block. */
        public int heads() {
            return width / headWidth;
        }

        /** Patches per column; like the strided convolution, a partial patch at the border is dropped. */
        public int gridHeight() {
            return imageHeight / patchHeight;
        }

        /** Patches per row. */
        public int gridWidth() {
            return imageWidth / patchWidth;
        }

        /** Number of patch tokens. */
        public int patchCount() {
            return gridHeight() * gridWidth();
        }

        /** Sequence length of the transformer: the class token plus the patch tokens. */
        public int tokenCount() {
            return 1 + patchCount();
        }

        /** Hidden width of the MLPs, {@code int(width * mlp_ratio)} as open_clip computes it. */
        public int mlpWidth() {
            return (int) (width * mlpRatio);
        }
    }

    /**
     * The text tower ({@code text_cfg}).
     *
     * @param contextLength tokens per text (77 for CLIP's tokenizer)
     * @param vocabSize rows of the token embedding
     * @param width token width
     * @param heads attention heads per block
     * @param layers number of residual attention blocks
     * @param mlpRatio MLP hidden width / width ({@code mlp_ratio}, default 4.0)
     */
    public record TextConfig(int contextLength, int vocabSize, int width, int heads, int layers, double mlpRatio) {
        /**
         * @throws IllegalArgumentException when a size is not positive or the width is not a multiple of the heads
         */
        public TextConfig {
            requirePositive("text_cfg.context_length", contextLength);
            requirePositive("text_cfg.vocab_size", vocabSize);
            requirePositive("text_cfg.width", width);
            requirePositive("text_cfg.heads", heads);
            requirePositive("text_cfg.layers", layers);
            requirePositiveRatio("text_cfg.mlp_ratio", mlpRatio, width);
            if (width % heads != 0) {
                throw new IllegalArgumentException("text_cfg.width " + width + " is not a multiple of text_cfg.heads "
                        + heads);
            }
        }

        /** Width of one attention head. */
        public int headWidth() {
            return width / heads;
        }

        /** Hidden width of the MLPs, {@code int(width * mlp_ratio)} as open_clip computes it. */
        public int mlpWidth() {
            return (int) (width * mlpRatio);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void requirePositiveRatio(String field, double ratio, int width) {
        if (!(ratio > 0) || (int) (width * ratio) <= 0) {
            throw new IllegalArgumentException(field + " must give a positive MLP width, got " + ratio);
        }
    }
}
