package org.clipfusion.engine.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;

/**
 * Everything one detection (or one calibration) works with, resolved once at its start: the category snapshot, the
 * scorer and strategy instances, and the banks. Holding the instances means a service swapped or removed meanwhile
 * cannot fail the work in progress; the next plan picks up the change.
 *
 * @param category          the category snapshot
 * @param scorers           scorer instances by id, in the order they are run and reported
 * @param strategyId        the {@code clipfusion.id} of the fusion strategy
 * @param strategy          the fusion strategy instance
 * @param banks             the bank each scorer gets (absent: zero-shot for that scorer)
 * @param referenceImageIds the references behind {@code banks}; empty when there are none
 */
record DetectionPlan(CategoryState category, Map<String, Scorer> scorers, String strategyId, FusionStrategy strategy,
                     Map<String, ReferenceBank> banks, List<String> referenceImageIds) {
    DetectionPlan {
        scorers = Collections.unmodifiableMap(new LinkedHashMap<>(scorers));
        banks = Map.copyOf(banks);
        referenceImageIds = List.copyOf(referenceImageIds);
    }

    CategoryDefinition definition() {
        return category.definition();
    }

    boolean fewShot() {
        return !banks.isEmpty();
    }

    List<String> scorerIds() {
        return List.copyOf(scorers.keySet());
    }

    /** The same scorers and strategy with other banks: what calibration scores held-out images with. */
    DetectionPlan withBanks(Map<String, ReferenceBank> otherBanks, List<String> otherReferenceIds) {
        return new DetectionPlan(category, scorers, strategyId, strategy, otherBanks,
                otherBanks.isEmpty() ? List.of() : otherReferenceIds);
    }

    /** The key a threshold must have been calibrated under to apply to this plan. */
    String calibrationKey(EngineSettings settings) {
        return CalibrationKey.of(definition(), settings, scorerIds(), strategyId, models());
    }

    /** The models of the plan's scorers, in scorer order: what its results' provenance names. */
    List<ModelInfo> models() {
        List<ModelInfo> models = new ArrayList<>();
        for (Scorer scorer : scorers.values()) {
            List<ModelInfo> own = scorer.models();
            if (own != null) {
                models.addAll(own);
            }
        }
        return models;
    }
}
