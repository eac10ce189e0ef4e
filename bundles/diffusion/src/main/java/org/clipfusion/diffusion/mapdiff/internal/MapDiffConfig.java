package org.clipfusion.diffusion.mapdiff.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code org.clipfusion.diffusion.mapdiff} ({@code etc/org.clipfusion.diffusion.mapdiff.cfg}).
 * Required: without a model directory there is no scorer. Defaults follow docs/method.md §4.
 */
@ObjectClassDefinition(name = "ClipFusion MapDiff scorer",
        description = "Diffusion branch of CLIPFusion: Stable Diffusion's UNet as a feature extractor, "
                + "cross-attention map on anomaly words and few-shot memory-bank map of up-block features")
public @interface MapDiffConfig {

    @AttributeDefinition(description = "Stable Diffusion in the diffusers layout: text_encoder/, vae/, unet/, "
            + "scheduler/ (tokenizer/ is not read: the bundled CLIP vocabulary is used)")
    String modelDirectory();

    @AttributeDefinition(description = "Model id for provenance, e.g. stable-diffusion-v1-5/stable-diffusion-v1-5")
    String modelId() default "stable-diffusion-v1-5/stable-diffusion-v1-5";

    @AttributeDefinition(description = "Scorer id (service property clipfusion.id)")
    String id() default "mapdiff";

    @AttributeDefinition(description = "Side of the square the image is resized to (bicubic) before the VAE; a "
            + "multiple of the VAE's downsampling factor times 2^(UNet levels - 1)")
    int imageSize() default 512;

    @AttributeDefinition(description = "Diffusion timestep t of the one noising step and UNet forward")
    int timestep() default 100;

    @AttributeDefinition(description = "Seed of the one Gaussian noise shared by references and queries")
    long noiseSeed() default 0L;

    @AttributeDefinition(description = "Prompt templates, {} = object name; batched in one UNet forward; "
            + "empty = the four anomalous states of WinCLIP")
    String[] prompts() default {};

    @AttributeDefinition(description = "One entry per prompt: the word (or words, separated by |) whose tokens "
            + "carry the anomaly; empty = the words of the default prompts")
    String[] anomalyWords() default {};

    @AttributeDefinition(description = "attn2 modules whose probabilities make the language map, e.g. "
            + "up_blocks.1.attentions.0.transformer_blocks.0.attn2; empty = every attn2 of the up blocks")
    String[] attentionLayers() default {};

    @AttributeDefinition(description = "UNet outputs whose features make the vision map")
    String[] featureLayers() default {"up_blocks.1", "up_blocks.2"};

    @AttributeDefinition(description = "How the attention on the anomaly words is measured: content-tokens (as a "
            + "share of the attention on the prompt's words, start and padding tokens excluded) or raw (the softmax "
            + "probability over all 77 tokens)")
    String attentionScale() default "content-tokens";

    @AttributeDefinition(description = "Neutral prompt the few-shot features are computed under, {} = object name; "
            + "empty = the mean of the features under the anomaly prompts")
    String featurePrompt() default "a photo of a {}";

    @AttributeDefinition(description = "Token padding of the text encoder: sd1 (pads with <|endoftext|>, "
            + "SD 1.x) or sd2 (pads with 0, SD 2.x)")
    String paddingConvention() default "sd1";

    @AttributeDefinition(description = "category=object name entries added to (or overriding) the VisA table")
    String[] objectNames() default {};

    @AttributeDefinition(description = "Byte budget of one block of the nearest-neighbour similarity matrix")
    long searchBlockBytes() default 64L << 20;

    @AttributeDefinition(description = "Cap on one category's memory bank, bytes")
    long maxBankBytes() default 1L << 30;
}
