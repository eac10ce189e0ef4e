package org.clipfusion.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything needed to reproduce or audit a result (the fields plant audit trails ask for).
 *
 * @param category            the category ("recipe") the image was inspected under
 * @param models              every model whose output contributed
 * @param prompts             the text prompts used
 * @param alphaSegmentation   α of the fused pixel map
 * @param alphaClassification α of the image score
 * @param fusionStrategy      id of the fusion strategy that produced the map
 * @param referenceImageIds   the k normal references of a few-shot category; empty in zero-shot
 * @param seed                the noise seed of the diffusion branch (and of reference sampling)
 * @param softwareVersion     ClipFusion's version
 */
public record Provenance(String category, List<ModelInfo> models, List<String> prompts, double alphaSegmentation,
                         double alphaClassification, String fusionStrategy, List<String> referenceImageIds, long seed,
                         String softwareVersion) {
    public Provenance {
        Objects.requireNonNull(category, "category");
        models = List.copyOf(models);
        prompts = List.copyOf(prompts);
        Objects.requireNonNull(fusionStrategy, "fusionStrategy");
        referenceImageIds = List.copyOf(referenceImageIds);
        Objects.requireNonNull(softwareVersion, "softwareVersion");
    }
}
