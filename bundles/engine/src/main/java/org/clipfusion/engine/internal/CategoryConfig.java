package org.clipfusion.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One category ("recipe"), a factory configuration of PID {@code org.clipfusion.category}
 * (Karaf: {@code etc/org.clipfusion.category-<name>.cfg}). Read and checked by {@link CategoryConfigReader}.
 */
@ObjectClassDefinition(name = "ClipFusion category",
        description = "What to inspect a kind of part with: scorers, fusion, α and the decision threshold.")
public @interface CategoryConfig {

    @AttributeDefinition(name = "Name", required = false,
            description = "The category's name, e.g. metal_nut; empty = the configuration's name (the <name> of "
                    + "org.clipfusion.category-<name>.cfg). Letters, digits, '_', '-' and '.' only.")
    String name() default "";

    @AttributeDefinition(name = "Object name", required = false,
            description = "The object as prompts name it; empty = the name with '_' as spaces.")
    String objectName() default "";

    @AttributeDefinition(name = "Scorers", required = false,
            description = "Ids of the scorers to run; empty = every registered scorer.")
    String[] scorers() default {};

    @AttributeDefinition(name = "Fusion strategy", required = false,
            description = "Id of the fusion strategy; empty = the highest-ranked one.")
    String fusionStrategy() default "";

    @AttributeDefinition(name = "α (segmentation)", description = "Weight of the CLIP branch in the pixel map.")
    double alphaSegmentation() default 0.5;

    @AttributeDefinition(name = "α (classification)", description = "Weight of the CLIP branch in the image score.")
    double alphaClassification() default 0.5;

    @AttributeDefinition(name = "Map scaling", options = {
            @Option(value = "reference-max", label = "Few-shot: each map divided by its maximum over the fitted "
                    + "references (leave-one-out for memory-bank maps)"),
            @Option(value = "raw", label = "The paper's raw sum of the maps")},
            description = "How component maps are made comparable before fusion; zero-shot maps stay raw.")
    String mapScaling() default "reference-max";

    @AttributeDefinition(name = "Maps", required = false,
            description = "Map roles to fuse (clip_language, clip_vision, diffusion_language, diffusion_vision, "
                    + "other); empty = every map the scorers give. For ablations.")
    String[] maps() default {};

    @AttributeDefinition(name = "Threshold mode", options = {
            @Option(value = "none", label = "No threshold: decisions are UNDECIDED"),
            @Option(value = "value", label = "The configured threshold value"),
            @Option(value = "references-fpr", label = "Target FPR, leave-one-out over the fitted references"),
            @Option(value = "normal-folder-fpr", label = "Target FPR over a folder of normal images")})
    String thresholdMode() default "none";

    @AttributeDefinition(name = "Threshold", required = false,
            description = "Image scores above it are anomalous (thresholdMode=value).")
    double threshold() default Double.NaN;

    @AttributeDefinition(name = "Target false-positive rate",
            description = "For the *-fpr modes: the share of normal images allowed above the threshold.")
    double targetFalsePositiveRate() default 0.01;

    @AttributeDefinition(name = "Pixel threshold mode", required = false,
            description = "How the threshold on the fused map (masks) is set: none, value, references-fpr or"
                    + " normal-folder-fpr; empty: as thresholdMode where that is a *-fpr mode, otherwise none.")
    String pixelThresholdMode() default "";

    @AttributeDefinition(name = "Pixel threshold", required = false,
            description = "Fused-map values above it are anomalous pixels (pixelThresholdMode=value).")
    double pixelThreshold() default Double.NaN;

    @AttributeDefinition(name = "Pixel target false-positive rate",
            description = "For the *-fpr pixel modes: the share of normal pixels allowed above the pixel threshold.")
    double pixelTargetFalsePositiveRate() default 0.001;

    @AttributeDefinition(name = "Normal images folder", required = false,
            description = "Folder of known-normal images (thresholdMode=normal-folder-fpr).")
    String normalImagesFolder() default "";

    @AttributeDefinition(name = "Seed", description = "Recorded in every result's provenance.")
    long seed() default 0L;

    @AttributeDefinition(name = "Deliver to sinks",
            description = "Whether results go to the result sinks (database, broker, files); false for trials and "
                    + "evaluations, whose results must not mix with the line's records.")
    boolean deliverToSinks() default true;
}
