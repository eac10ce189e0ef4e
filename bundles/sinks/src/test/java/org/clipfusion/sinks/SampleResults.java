package org.clipfusion.sinks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;

/** Results with every field set, for the tests of every sink bundle (shipped as this bundle's test jar). */
public final class SampleResults {
    private SampleResults() {
    }

    public static DetectionResult withId(String requestId) {
        float[] values = new float[8 * 6];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / (float) values.length;
        }
        AnomalyMap map = new AnomalyMap(8, 6, values, MapRole.FUSED, "weighted-sum");
        Provenance provenance = new Provenance("hazelnut",
                List.of(new ModelInfo("open_clip/ViT-B-16-plus-240", "/opt/models/clip/model.safetensors", "ab12"),
                        new ModelInfo("stable-diffusion-v1-5", "/opt/models/sd/unet.safetensors", "cd34")),
                List.of("a photo of a damaged hazelnut", "a \"cracked\" hazelnut\n"), 0.5, 0.25, "weighted-sum",
                List.of("good/000.png", "good/001.png"), 42L, "0.1.0.SNAPSHOT",
                Map.of("fusion.mapScaling", "reference-max", "mapdiff.attentionScale", "content-tokens"),
                "3f2a9c0d11b4e7a8");
        return new DetectionResult(requestId, "part-7", "image-" + requestId, Instant.parse("2026-11-28T10:15:30.5Z"),
                0.8125, map, Map.of(), Decision.ANOMALOUS,
                new Threshold(0.5, ThresholdSource.REFERENCES_LEAVE_ONE_OUT, "target FPR 0.01 over 4 references"),
                provenance, new Threshold(0.75, ThresholdSource.REFERENCES_LEAVE_ONE_OUT,
                        "target pixel FPR 0.001 over 4 references"));
    }
}
