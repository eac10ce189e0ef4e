package org.clipfusion.engine.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
                plan.referenceImageIds(), category.seed(), softwareVersion);
        return new DetectionResult(request.requestId(), request.partId(), request.image().id(), Instant.now(),
                scored.imageScore(), scored.segmentationMap(), scored.componentMaps(),
                threshold.decide(scored.imageScore()), threshold, provenance, pixelThreshold);
    }

    private static List<String> promptsOf(DetectionPlan plan, CategoryDefinition category) {
        List<String> prompts = new ArrayList<>();
        for (Scorer scorer : plan.scorers().values()) {
            prompts.addAll(scorer.prompts(category.context()));
        }
        return prompts;
    }
}
