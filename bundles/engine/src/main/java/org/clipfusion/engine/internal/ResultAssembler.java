package org.clipfusion.engine.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.spi.Scorer;

/** Builds the result with its full provenance, the prompts of every scorer included. */
final class ResultAssembler {
    private ResultAssembler() {
    }

    static DetectionResult assemble(DetectionRequest request, DetectionPlan plan, ScoredImage scored,
                                    Threshold threshold, Threshold pixelThreshold, String softwareVersion) {
        CategoryDefinition category = plan.definition();
        Provenance provenance = new Provenance(category.name(), plan.models(), promptsOf(plan, category),
                category.alphaSegmentation(), category.alphaClassification(), plan.strategyId(),
                plan.referenceImageIds(), category.seed(), softwareVersion, methodOf(plan, scored),
                plan.category().version());
        return new DetectionResult(request.requestId(), request.partId(), request.image().id(), Instant.now(),
                scored.imageScore(), scored.segmentationMap(), scored.componentMaps(),
                threshold.decide(scored.imageScore()), threshold, provenance, pixelThreshold);
    }

    /** The fusion's scaling, then every scorer's own method choices under its id. */
    private static Map<String, String> methodOf(DetectionPlan plan, ScoredImage scored) {
        Map<String, String> method = new TreeMap<>(scored.method());
        for (Map.Entry<String, Scorer> scorer : plan.scorers().entrySet()) {
            Map<String, String> own = scorer.getValue().methodSettings();
            if (own != null) {
                own.forEach((key, value) -> method.put(scorer.getKey() + "." + key, value));
            }
        }
        return method;
    }

    private static List<String> promptsOf(DetectionPlan plan, CategoryDefinition category) {
        List<String> prompts = new ArrayList<>();
        for (Scorer scorer : plan.scorers().values()) {
            prompts.addAll(scorer.prompts(category.context()));
        }
        return prompts;
    }
}
