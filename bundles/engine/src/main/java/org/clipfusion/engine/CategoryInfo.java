package org.clipfusion.engine;

import java.util.List;
import org.clipfusion.api.Threshold;

/**
 * A configured category ("recipe") as the engine currently applies it.
 *
 * @param name                the category's name, e.g. {@code hazelnut}
 * @param objectName          the object's name in prompts
 * @param scorers             the scorer ids it runs (empty: every registered scorer)
 * @param fusionStrategy      the fusion strategy id it asks for (empty: the highest-ranked one)
 * @param alphaSegmentation   α of the pixel map
 * @param alphaClassification α of the image score
 * @param threshold           the threshold in force and how it was set
 * @param referenceImageIds   the references of its current fit; empty in zero-shot
 * @param fusionInForce       the fusion strategy a detection would run now (empty when none is registered): the
 *                            configured one, else the one its calibration was made with, else the highest-ranked
 * @param pixelThreshold      the pixel threshold (masks) in force and how it was set
 * @param version             the version of its definition and fit, as its results name it
 *                            ({@link org.clipfusion.api.Provenance#categoryVersion()}); empty when unknown
 */
public record CategoryInfo(String name, String objectName, List<String> scorers, String fusionStrategy,
                           double alphaSegmentation, double alphaClassification, Threshold threshold,
                           List<String> referenceImageIds, String fusionInForce, Threshold pixelThreshold,
                           String version) {
    public CategoryInfo {
        scorers = List.copyOf(scorers);
        referenceImageIds = List.copyOf(referenceImageIds);
        fusionInForce = fusionInForce == null ? "" : fusionInForce;
        pixelThreshold = pixelThreshold == null ? Threshold.unset() : pixelThreshold;
        version = version == null ? "" : version;
    }

    /** A category as known before versions were reported. */
    public CategoryInfo(String name, String objectName, List<String> scorers, String fusionStrategy,
                        double alphaSegmentation, double alphaClassification, Threshold threshold,
                        List<String> referenceImageIds, String fusionInForce, Threshold pixelThreshold) {
        this(name, objectName, scorers, fusionStrategy, alphaSegmentation, alphaClassification, threshold,
                referenceImageIds, fusionInForce, pixelThreshold, "");
    }

    /** A category as known before strategies in force and pixel thresholds were reported. */
    public CategoryInfo(String name, String objectName, List<String> scorers, String fusionStrategy,
                        double alphaSegmentation, double alphaClassification, Threshold threshold,
                        List<String> referenceImageIds) {
        this(name, objectName, scorers, fusionStrategy, alphaSegmentation, alphaClassification, threshold,
                referenceImageIds, fusionStrategy, Threshold.unset(), "");
    }

    public boolean fewShot() {
        return !referenceImageIds.isEmpty();
    }
}
