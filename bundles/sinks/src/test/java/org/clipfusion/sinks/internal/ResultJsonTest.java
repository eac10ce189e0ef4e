package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.sinks.PromptSets;
import org.clipfusion.sinks.ResultJson;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

    @Test
    void theRecordCarriesEveryAuditField() {
        String json = ResultJson.of(SampleResults.withId("req-1"));
        assertEquals("{\"format\":\"clipfusion.result/2\",\"requestId\":\"req-1\",\"partId\":\"part-7\","
                + "\"imageId\":\"image-req-1\",\"time\":\"2026-11-28T10:15:30.500Z\",\"category\":\"hazelnut\","
                + "\"imageScore\":0.8125,\"decision\":\"ANOMALOUS\",\"threshold\":{\"value\":0.5,"
                + "\"source\":\"REFERENCES_LEAVE_ONE_OUT\",\"detail\":\"target FPR 0.01 over 4 references\"},"
                + "\"pixelThreshold\":{\"value\":0.75,\"source\":\"REFERENCES_LEAVE_ONE_OUT\","
                + "\"detail\":\"target pixel FPR 0.001 over 4 references\"},"
                + "\"map\":{\"width\":8,\"height\":6,\"max\":0.9791666865348816,\"source\":\"weighted-sum\"},"
                + "\"provenance\":{\"models\":[{\"id\":\"open_clip/ViT-B-16-plus-240\","
                + "\"file\":\"/opt/models/clip/model.safetensors\",\"sha256\":\"ab12\"},"
                + "{\"id\":\"stable-diffusion-v1-5\",\"file\":\"/opt/models/sd/unet.safetensors\",\"sha256\":\"cd34\"}],"
                + "\"promptSet\":{\"id\":\"sha256:8261611191c2bc47644deec3001d19ab96e525d8dfd9c82176c0d786b765c581\","
                + "\"count\":2},"
                + "\"alphaSegmentation\":0.5,\"alphaClassification\":0.25,\"fusionStrategy\":\"weighted-sum\","
                + "\"referenceImageIds\":[\"good/000.png\",\"good/001.png\"],\"seed\":42,"
                + "\"softwareVersion\":\"0.1.0.SNAPSHOT\",\"categoryVersion\":\"3f2a9c0d11b4e7a8\","
                + "\"method\":{\"fusion.mapScaling\":\"reference-max\","
                + "\"mapdiff.attentionScale\":\"content-tokens\"}}}", json);
    }

    @Test
    void controlCharactersAndAnUnsetThresholdStayValidJson() {
        DetectionResult result = new DetectionResult("a\u0000b\u001f", "", "img", Instant.EPOCH, Double.NaN,
                new AnomalyMap(1, 1, new float[] {0}, MapRole.FUSED, "max"), Map.of(), Decision.UNDECIDED,
                Threshold.unset(), new Provenance("c", List.of(), List.of(), 0.5, 0.5, "max", List.of(), 0, "v"));
        String json = ResultJson.of(result);
        assertTrue(json.contains("\"requestId\":\"a\\u0000b\\u001f\""), json);
        assertTrue(json.contains("\"imageScore\":null"), json);
        assertTrue(json.contains("\"threshold\":{\"value\":null,\"source\":\"UNSET\",\"detail\":\"\"}"), json);
        assertTrue(json.contains("\"models\":[],\"promptSet\":{\"id\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
                + "\"count\":0}"), json);
    }

    /** The prompt set document once, beside the records that refer to it (id: Python's hashlib, by hand). */
    @Test
    void thePromptSetDocumentCarriesTheTextsUnderTheIdResultsReferTo() {
        List<String> prompts = SampleResults.withId("req-1").provenance().prompts();
        assertEquals("{\"format\":\"clipfusion.promptSet/1\","
                + "\"id\":\"sha256:8261611191c2bc47644deec3001d19ab96e525d8dfd9c82176c0d786b765c581\","
                + "\"prompts\":[\"a photo of a damaged hazelnut\",\"a \\\"cracked\\\" hazelnut\\n\"]}",
                PromptSets.json(prompts));
    }
}
