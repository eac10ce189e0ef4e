package org.clipfusion.sinks;

import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;

/**
 * The one JSON record of a result that every sink writes (file, database column, MQTT payload), so that consumers
 * parse one format. It carries every audit field: part/measurement id, image id, time, decision, raw score, the
 * threshold and how it was set, and the provenance (models and checksums, the prompt set's id, α, fusion strategy,
 * reference image ids, seed, software version, category version). The prompts themselves are stored once per prompt
 * set ({@link PromptSets}), not with every result. The pixel map itself is not in it (sinks write it as a file), only
 * its size and maximum. {@code requestId} is the key consumers de-duplicate on: delivery is at-least-once.
 */
public final class ResultJson {
    /** Changes when a field is renamed or removed; added fields keep the version. */
    public static final String FORMAT = "clipfusion.result/2";

    private ResultJson() {
    }

    public static String of(DetectionResult result) {
        Provenance provenance = result.provenance();
        JsonWriter json = new JsonWriter().beginObject()
                .member("format", FORMAT)
                .member("requestId", result.requestId())
                .member("partId", result.partId())
                .member("imageId", result.imageId())
                .member("time", result.time().toString())
                .member("category", provenance.category())
                .member("imageScore", result.imageScore())
                .member("decision", result.decision().name());
        json.name("threshold").beginObject()
                .member("value", result.threshold().value())
                .member("source", result.threshold().source().name())
                .member("detail", result.threshold().detail())
                .endObject();
        // The threshold on map values (masks); UNSET with the reason in its detail when there is none.
        json.name("pixelThreshold").beginObject()
                .member("value", result.pixelThreshold().value())
                .member("source", result.pixelThreshold().source().name())
                .member("detail", result.pixelThreshold().detail())
                .endObject();
        json.name("map").beginObject()
                .member("width", result.map().width())
                .member("height", result.map().height())
                .member("max", result.map().max())
                .member("source", result.map().source())
                .endObject();
        json.name("provenance").beginObject();
        json.beginArray("models");
        for (ModelInfo model : provenance.models()) {
            json.beginObject().member("id", model.id()).member("file", model.file())
                    .member("sha256", model.sha256()).endObject();
        }
        json.endArray()
                .name("promptSet").beginObject()
                .member("id", PromptSets.id(provenance.prompts()))
                .member("count", provenance.prompts().size())
                .endObject()
                .member("alphaSegmentation", provenance.alphaSegmentation())
                .member("alphaClassification", provenance.alphaClassification())
                .member("fusionStrategy", provenance.fusionStrategy())
                .member("referenceImageIds", provenance.referenceImageIds())
                .member("seed", provenance.seed())
                .member("softwareVersion", provenance.softwareVersion())
                .member("categoryVersion", provenance.categoryVersion());
        json.name("method").beginObject();
        provenance.method().forEach(json::member);
        json.endObject().endObject();
        return json.endObject().toString();
    }
}
