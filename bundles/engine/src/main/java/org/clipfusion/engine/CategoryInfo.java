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
 */
public record CategoryInfo(String name, String objectName, List<String> scorers, String fusionStrategy,
                           double alphaSegmentation, double alphaClassification, Threshold threshold,
                           List<String> referenceImageIds) {
    public CategoryInfo {
        scorers = List.copyOf(scorers);
        referenceImageIds = List.copyOf(referenceImageIds);
    }

    public boolean fewShot() {
        return !referenceImageIds.isEmpty();
    }
}
