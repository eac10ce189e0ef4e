package org.clipfusion.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param method              the method choices behind the maps, {@code key → value} in key order: how maps were
 *                            scaled before fusion ({@code fusion.mapScaling}, and the divisor of each map), and each
 *                            scorer's own choices prefixed with its id (e.g. {@code mapdiff.attentionScale}); empty
 *                            for results recorded before these were kept
 * @param categoryVersion     the version of the category's definition and fit that judged the image: equal on every
 *                            node holding the same recipe, new with every change or refit; empty for results
 *                            recorded before versions were kept
 */
public record Provenance(String category, List<ModelInfo> models, List<String> prompts, double alphaSegmentation,
                         double alphaClassification, String fusionStrategy, List<String> referenceImageIds, long seed,
                         String softwareVersion, Map<String, String> method, String categoryVersion) {
    public Provenance {
        Objects.requireNonNull(category, "category");
        models = List.copyOf(models);
        prompts = List.copyOf(prompts);
        Objects.requireNonNull(fusionStrategy, "fusionStrategy");
        referenceImageIds = List.copyOf(referenceImageIds);
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        method = Collections.unmodifiableMap(new TreeMap<>(method == null ? Map.of() : method));
        categoryVersion = categoryVersion == null ? "" : categoryVersion;
    }

    /** A provenance without a category version (results from before it was recorded, or from other detectors). */
    public Provenance(String category, List<ModelInfo> models, List<String> prompts, double alphaSegmentation,
                      double alphaClassification, String fusionStrategy, List<String> referenceImageIds, long seed,
                      String softwareVersion, Map<String, String> method) {
        this(category, models, prompts, alphaSegmentation, alphaClassification, fusionStrategy, referenceImageIds,
                seed, softwareVersion, method, "");
    }

    /** A provenance without method choices (results from before they were recorded, or from other detectors). */
    public Provenance(String category, List<ModelInfo> models, List<String> prompts, double alphaSegmentation,
                      double alphaClassification, String fusionStrategy, List<String> referenceImageIds, long seed,
                      String softwareVersion) {
        this(category, models, prompts, alphaSegmentation, alphaClassification, fusionStrategy, referenceImageIds,
                seed, softwareVersion, Map.of(), "");
    }
}
