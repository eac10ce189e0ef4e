package org.clipfusion.evaluation.internal;

import static org.clipfusion.evaluation.internal.JsonValues.number;
import static org.clipfusion.evaluation.internal.JsonValues.putNumber;
import static org.clipfusion.evaluation.internal.JsonValues.putStrings;
import static org.clipfusion.evaluation.internal.JsonValues.required;
import static org.clipfusion.evaluation.internal.JsonValues.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;
import org.clipfusion.evaluation.GalleryImage;
import org.clipfusion.evaluation.ImageScore;
import org.clipfusion.evaluation.MapBalance;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.evaluation.Skipped;
import org.clipfusion.metrics.ImageMetrics;
import org.clipfusion.metrics.PixelMetrics;

/** A {@link RunResult} as JSON: the run record a resume reads back, and each run's entry in results.json. */
final class RunResultJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RunResultJson() {
    }

    static ObjectNode write(RunResult run) {
        ObjectNode node = NODES.objectNode();
        node.put("category", run.key().category());
        node.put("seed", run.key().seed());
        node.put("shots", run.shots());
        putStrings(node, "references", run.referenceIds());
        node.put("images", run.images());
        node.put("anomalous", run.anomalous());
        ArrayNode skipped = node.putArray("skipped");
        run.skipped().forEach(item -> skipped.addObject().put("file", item.file()).put("message", item.message()));
        run.imageMetrics().ifPresentOrElse(metrics -> node.set("image", image(metrics)), () -> node.putNull("image"));
        run.pixelMetrics().ifPresentOrElse(metrics -> node.set("pixel", pixel(metrics)), () -> node.putNull("pixel"));
        node.put("seconds", run.seconds());
        run.provenance().ifPresentOrElse(p -> node.set("provenance", provenance(p)),
                () -> node.putNull("provenance"));
        ArrayNode scores = node.putArray("scores");
        run.scores().forEach(score -> scores.addObject().put("imageId", score.imageId())
                .put("anomalous", score.anomalous()).put("score", score.score()));
        ArrayNode gallery = node.putArray("gallery");
        run.gallery().forEach(picture -> gallery.addObject().put("imageId", picture.imageId())
                .put("anomalous", picture.anomalous()).put("score", picture.score())
                .put("overlay", picture.overlay()));
        run.failure().ifPresentOrElse(why -> node.put("failure", why), () -> node.putNull("failure"));
        ArrayNode balance = node.putArray("balance");
        for (MapBalance map : run.balance()) {
            ObjectNode item = balance.addObject().put("role", map.role());
            putNumber(item, "normalMin", map.normalMin());
            putNumber(item, "normalMean", map.normalMean());
            putNumber(item, "normalMax", map.normalMax());
            putNumber(item, "anomalousMin", map.anomalousMin());
            putNumber(item, "anomalousMean", map.anomalousMean());
            putNumber(item, "anomalousMax", map.anomalousMax());
            putNumber(item, "share", map.share());
        }
        return node;
    }

    /** @throws IllegalArgumentException naming the first missing field */
    static RunResult read(JsonNode node) {
        RunKey key = new RunKey(required(node, "category").asText(), required(node, "seed").asLong());
        List<Skipped> skipped = new ArrayList<>();
        required(node, "skipped").forEach(item -> skipped.add(new Skipped(item.get("file").asText(),
                item.get("message").asText())));
        List<GalleryImage> gallery = new ArrayList<>();
        required(node, "gallery").forEach(item -> gallery.add(new GalleryImage(item.get("imageId").asText(),
                item.get("anomalous").asBoolean(), item.get("score").asDouble(), item.get("overlay").asText())));
        List<ImageScore> scores = new ArrayList<>();
        required(node, "scores").forEach(item -> scores.add(new ImageScore(item.get("imageId").asText(),
                item.get("anomalous").asBoolean(), item.get("score").asDouble())));
        JsonNode image = required(node, "image");
        JsonNode pixel = required(node, "pixel");
        JsonNode provenance = required(node, "provenance");
        JsonNode failure = required(node, "failure");
        return new RunResult(key, required(node, "shots").asInt(), strings(node, "references"),
                required(node, "images").asInt(), required(node, "anomalous").asInt(), skipped,
                image.isNull() ? Optional.empty() : Optional.of(readImage(image)),
                pixel.isNull() ? Optional.empty() : Optional.of(readPixel(pixel)),
                required(node, "seconds").asDouble(),
                provenance.isNull() ? Optional.empty() : Optional.of(readProvenance(provenance)), scores, gallery,
                failure.isNull() ? Optional.empty() : Optional.of(failure.asText()), readBalance(node));
    }

    /** Runs recorded before the balance was kept have none. */
    private static List<MapBalance> readBalance(JsonNode node) {
        List<MapBalance> balance = new ArrayList<>();
        JsonNode items = node.get("balance");
        if (items != null && items.isArray()) {
            items.forEach(item -> balance.add(new MapBalance(required(item, "role").asText(),
                    number(item, "normalMin"), number(item, "normalMean"), number(item, "normalMax"),
                    number(item, "anomalousMin"), number(item, "anomalousMean"), number(item, "anomalousMax"),
                    number(item, "share"))));
        }
        return balance;
    }

    private static ObjectNode image(ImageMetrics metrics) {
        ObjectNode node = NODES.objectNode();
        putNumber(node, "auroc", metrics.auroc());
        putNumber(node, "averagePrecision", metrics.averagePrecision());
        putNumber(node, "f1Max", metrics.f1Max());
        putNumber(node, "f1Threshold", metrics.f1Threshold());
        node.put("normalImages", metrics.normalImages());
        node.put("anomalousImages", metrics.anomalousImages());
        metrics.undefinedReason().ifPresentOrElse(why -> node.put("note", why), () -> node.putNull("note"));
        return node;
    }

    private static ImageMetrics readImage(JsonNode node) {
        return new ImageMetrics(number(node, "auroc"), number(node, "averagePrecision"), number(node, "f1Max"),
                number(node, "f1Threshold"), required(node, "normalImages").asInt(),
                required(node, "anomalousImages").asInt(), note(node));
    }

    private static ObjectNode pixel(PixelMetrics metrics) {
        ObjectNode node = NODES.objectNode();
        putNumber(node, "auroc", metrics.auroc());
        putNumber(node, "aurocErrorBound", metrics.aurocErrorBound());
        putNumber(node, "averagePrecision", metrics.averagePrecision());
        putNumber(node, "averagePrecisionErrorBound", metrics.averagePrecisionErrorBound());
        putNumber(node, "f1Max", metrics.f1Max());
        putNumber(node, "f1MaxErrorBound", metrics.f1MaxErrorBound());
        putNumber(node, "f1Threshold", metrics.f1Threshold());
        putNumber(node, "aupro", metrics.aupro());
        putNumber(node, "auproErrorBound", metrics.auproErrorBound());
        node.put("images", metrics.images());
        node.put("normalPixels", metrics.normalPixels());
        node.put("anomalousPixels", metrics.anomalousPixels());
        node.put("regions", metrics.regions());
        metrics.undefinedReason().ifPresentOrElse(why -> node.put("note", why), () -> node.putNull("note"));
        return node;
    }

    private static PixelMetrics readPixel(JsonNode node) {
        return new PixelMetrics(number(node, "auroc"), number(node, "aurocErrorBound"),
                optionalNumber(node, "averagePrecision"), optionalNumber(node, "averagePrecisionErrorBound"),
                number(node, "f1Max"),
                number(node, "f1MaxErrorBound"), number(node, "f1Threshold"), number(node, "aupro"),
                number(node, "auproErrorBound"), required(node, "images").asInt(),
                required(node, "normalPixels").asLong(), required(node, "anomalousPixels").asLong(),
                required(node, "regions").asLong(), note(node));
    }

    /** A field results.json files written before it existed lack (pixel AP): NaN, so that resume still reads them. */
    private static double optionalNumber(JsonNode node, String field) {
        return node.has(field) ? number(node, field) : Double.NaN;
    }

    private static ObjectNode provenance(Provenance provenance) {
        ObjectNode node = NODES.objectNode();
        node.put("category", provenance.category());
        ArrayNode models = node.putArray("models");
        provenance.models().forEach(model -> models.addObject().put("id", model.id()).put("file", model.file())
                .put("sha256", model.sha256()));
        putStrings(node, "prompts", provenance.prompts());
        putNumber(node, "alphaSegmentation", provenance.alphaSegmentation());
        putNumber(node, "alphaClassification", provenance.alphaClassification());
        node.put("fusionStrategy", provenance.fusionStrategy());
        putStrings(node, "referenceImageIds", provenance.referenceImageIds());
        node.put("seed", provenance.seed());
        node.put("softwareVersion", provenance.softwareVersion());
        ObjectNode method = node.putObject("method");
        provenance.method().forEach(method::put);
        return node;
    }

    private static Provenance readProvenance(JsonNode node) {
        List<ModelInfo> models = new ArrayList<>();
        required(node, "models").forEach(model -> models.add(new ModelInfo(model.get("id").asText(),
                model.get("file").asText(), model.get("sha256").asText())));
        Map<String, String> method = new TreeMap<>();
        JsonNode methodNode = node.get("method");
        if (methodNode != null && methodNode.isObject()) {
            methodNode.fields().forEachRemaining(entry -> method.put(entry.getKey(), entry.getValue().asText()));
        }
        return new Provenance(required(node, "category").asText(), models, strings(node, "prompts"),
                number(node, "alphaSegmentation"), number(node, "alphaClassification"),
                required(node, "fusionStrategy").asText(), strings(node, "referenceImageIds"),
                required(node, "seed").asLong(), required(node, "softwareVersion").asText(), method);
    }

    private static Optional<String> note(JsonNode node) {
        JsonNode note = node.get("note");
        return note == null || note.isNull() ? Optional.empty() : Optional.of(note.asText());
    }
}
