package org.clipfusion.clip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code org.clipfusion.clip.patchclip} ({@code etc/org.clipfusion.clip.patchclip.cfg}). Required:
 * without a model directory there is no scorer. Defaults follow docs/method.md §3.
 */
@ObjectClassDefinition(name = "ClipFusion PatchCLIP scorer",
        description = "CLIP branch of CLIPFusion: language-guided crop/window map and few-shot memory-bank map")
public @interface PatchClipConfig {

    @AttributeDefinition(description = "Directory holding config.json (open_clip model config) and "
            + "model.safetensors (open_clip key names), optionally preprocess_cfg.json")
    String modelDirectory();

    @AttributeDefinition(description = "Model id for provenance, e.g. open_clip/ViT-B-16-plus-240/laion400m_e31")
    String modelId() default "open_clip/ViT-B-16-plus-240/laion400m_e31";

    @AttributeDefinition(description = "Scorer id (service property clipfusion.id)")
    String id() default "patchclip";

    @AttributeDefinition(description = "Softmax temperature over the normal/anomalous prompt similarities")
    double temperature() default 0.01;

    @AttributeDefinition(description = "Normal states, {} = object name; empty = WinCLIP's seven. Lists: a, b or "
            + "[ \"a\", \"b\" ] (items with commas)")
    String[] normalStates() default {};

    @AttributeDefinition(description = "Anomalous states, {} = object name; empty = WinCLIP's four")
    String[] anomalousStates() default {};

    @AttributeDefinition(description = "Prompt templates, {} = state; empty = WinCLIP's 21")
    String[] templates() default {};

    @AttributeDefinition(description = "category=object name entries added to (or overriding) the VisA table")
    String[] objectNames() default {};

    @AttributeDefinition(description = "Views of both maps: crops (of the full-resolution image) or windows "
            + "(WinCLIP token windows of the one whole-image view); few-shot banks hold the same views, one per scale")
    String languageMode() default "crops";

    @AttributeDefinition(description = "Crop sides as fractions of the image's shorter side")
    String[] cropScales() default {"0.5", "0.3333333333333333"};

    @AttributeDefinition(description = "Crop stride as a fraction of the crop side")
    double strideRatio() default 0.5;

    @AttributeDefinition(description = "WinCLIP window sizes in patches (windows mode)")
    String[] windowSizes() default {"2", "3"};

    @AttributeDefinition(description = "Longer side of the returned maps, in pixels")
    int mapLongSide() default 240;

    @AttributeDefinition(description = "Views per image-encoder forward")
    int batchSize() default 8;

    @AttributeDefinition(description = "Byte budget of one block of the nearest-neighbour similarity matrix")
    long searchBlockBytes() default 64L << 20;

    @AttributeDefinition(description = "Cap on one category's memory bank, bytes")
    long maxBankBytes() default 1L << 30;
}
