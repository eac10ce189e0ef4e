package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.Part;

import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Categories ("recipes"): read from the engine, changed through ConfigurationAdmin exactly as the shell and the
 * {@code etc/org.clipfusion.category-NAME.cfg} files change them (the engine applies every change), fitted and unfitted
 * through the {@link CategoryManager}.
 */
final class CategoryEndpoints {
    static final String FACTORY_PID = "org.clipfusion.category";
    private static final Set<String> THRESHOLD_MODES = Set.of("none", "value", "references-fpr",
            "normal-folder-fpr");

    private final Platform platform;
    private final ImageInputs inputs;

    CategoryEndpoints(Platform platform, ImageInputs inputs) {
        this.platform = platform;
        this.inputs = inputs;
    }

    void list(ApiCall call) throws ApiException, IOException {
        ObjectNode body = call.mapper().createObjectNode();
        ArrayNode categories = body.putArray("categories");
        for (CategoryInfo info : manager().categories()) {
            categories.add(view(call, info));
        }
        call.json(200, body);
    }

    void get(ApiCall call) throws ApiException, IOException {
        call.json(200, view(call, find(call.path("name"))));
    }

    /** PUT: creates the category or changes the settings the body names; others keep their values. */
    void put(ApiCall call) throws ApiException, IOException {
        String name = checkName(call.path("name"));
        JsonNode body = call.jsonBody();
        Map<String, Object> changes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            changes.put(field.getKey(), setting(field.getKey(), field.getValue()));
        }
        if (changes.containsKey("fusionStrategy")) {
            requireStrategy(String.valueOf(changes.get("fusionStrategy")));
        }
        boolean created = update(name, changes);
        if (created) {
            awaitCategory(name);
        }
        ObjectNode answer = call.mapper().createObjectNode();
        answer.put("category", name).put("created", created);
        answer.putPOJO("saved", changes.keySet());
        answer.put("note", "the engine applies the change within moments; GET /api/v1/categories/" + name
                + " shows it");
        call.json(202, answer);
    }

    /**
     * The engine applies configurations asynchronously; a new category is usually there within milliseconds, so the
     * caller's next request (a fit, an inspection) finds it. Waits at most a few seconds, then answers anyway.
     */
    private void awaitCategory(String name) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (platform.categoryManager().map(m -> m.category(name).isPresent()).orElse(false)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void delete(ApiCall call) throws ApiException, IOException {
        String name = call.path("name");
        Configuration configuration = configuration(name);
        if (configuration == null) {
            throw ApiException.notFound("unknown_category", "category '" + name + "' has no configuration to "
                    + "delete");
        }
        configuration.delete();
        call.response.setStatus(204);
    }

    /** Few-shot fit from uploaded references (multipart) or server paths (JSON {@code {"paths": [...]}}). */
    void fit(ApiCall call) throws Exception {
        String name = call.path("name");
        CategoryManager manager = manager();
        if (manager.category(name).isEmpty()) {
            throw unknown(name);
        }
        List<InspectionImage> references = new ArrayList<>();
        if (call.contentType().equals("multipart/form-data")) {
            for (Part part : ImageInputs.fileParts(call)) {
                String id = part.getSubmittedFileName().isBlank() ? "reference-" + references.size()
                        : part.getSubmittedFileName();
                references.add(ImageInputs.decode(ImageInputs.read(call, part), id, "reference image"));
            }
        } else if (call.contentType().equals("application/json")) {
            JsonNode paths = call.jsonBody().get("paths");
            if (paths == null || !paths.isArray()) {
                throw ApiException.badRequest("invalid_parameter", "JSON body: 'paths' must be an array of image "
                        + "files or folders on the server");
            }
            for (JsonNode path : paths) {
                for (Path file : inputs.resolve(path.asText(), true)) {
                    references.add(ImageInputs.load(file, file.getFileName().toString()));
                }
            }
        } else {
            throw new ApiException(415, "unsupported_media_type", "fit: send the references as multipart/form-data "
                    + "files, or application/json {\"paths\": [...]}");
        }
        if (references.isEmpty()) {
            throw ApiException.badRequest("image_missing", "fit: no reference images in the request");
        }
        call.json(200, view(call, fitOrFail(manager, name, references)));
    }

    /** Back to zero-shot: drops the category's references and memory banks. */
    void unfit(ApiCall call) throws Exception {
        String name = call.path("name");
        CategoryManager manager = manager();
        if (manager.category(name).isEmpty()) {
            throw unknown(name);
        }
        call.json(200, view(call, fitOrFail(manager, name, List.of())));
    }

    void selectStrategy(ApiCall call) throws ApiException, IOException {
        String name = call.path("name");
        if (configuration(name) == null) {
            throw unknown(name);
        }
        JsonNode strategy = call.jsonBody().get("strategy");
        if (strategy == null || !strategy.isTextual() || strategy.asText().isBlank()) {
            throw ApiException.badRequest("invalid_parameter", "JSON body: 'strategy' (a fusion strategy id) is "
                    + "required");
        }
        requireStrategy(strategy.asText());
        update(name, Map.of("fusionStrategy", strategy.asText()));
        ObjectNode answer = call.mapper().createObjectNode();
        answer.put("category", name).put("fusionStrategy", strategy.asText());
        call.json(202, answer);
    }

    private static CategoryInfo fitOrFail(CategoryManager manager, String name, List<InspectionImage> references)
            throws ApiException {
        try {
            return manager.fit(name, references);
        } catch (DetectionException e) {
            throw new ApiException(422, "fit_failed", "category '" + name + "' could not be fitted: "
                    + e.getMessage());
        }
    }

    private void requireStrategy(String id) throws ApiException {
        try {
            if (!SystemEndpoints.rankings(platform.bundleContext(), FusionStrategy.class).containsKey(id)) {
                throw ApiException.badRequest("unknown_fusion_strategy", "fusion strategy '" + id + "' is not "
                        + "registered; registered: " + String.join(", ", SystemEndpoints.rankings(
                        platform.bundleContext(), FusionStrategy.class).keySet()));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object setting(String key, JsonNode value) throws ApiException {
        switch (key) {
            case "objectName", "fusionStrategy", "normalImagesFolder" -> {
                return string(key, value);
            }
            case "scorers" -> {
                if (!value.isArray()) {
                    throw invalid(key, "must be an array of scorer ids");
                }
                List<String> ids = new ArrayList<>();
                for (JsonNode id : value) {
                    ids.add(string(key, id));
                }
                return ids.toArray(new String[0]);
            }
            case "alphaSegmentation", "alphaClassification" -> {
                double alpha = number(key, value);
                if (!(alpha >= 0 && alpha <= 1)) {
                    throw invalid(key, "must lie in [0, 1], got " + alpha);
                }
                return alpha;
            }
            case "thresholdMode" -> {
                String mode = string(key, value).toLowerCase(Locale.ROOT);
                if (!THRESHOLD_MODES.contains(mode)) {
                    throw invalid(key, "'" + value.asText() + "' is not one of none, value, references-fpr, "
                            + "normal-folder-fpr");
                }
                return mode;
            }
            case "threshold" -> {
                return number(key, value);
            }
            case "targetFalsePositiveRate" -> {
                double rate = number(key, value);
                if (!(rate > 0 && rate < 1)) {
                    throw invalid(key, "must lie strictly between 0 and 1, got " + rate);
                }
                return rate;
            }
            case "seed" -> {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    throw invalid(key, "must be a whole number");
                }
                return value.asLong();
            }
            case "deliverToSinks" -> {
                if (!value.isBoolean()) {
                    throw invalid(key, "must be true or false");
                }
                return value.asBoolean();
            }
            default -> throw ApiException.badRequest("unknown_field", "JSON body: unknown setting '" + key
                    + "'; known: objectName, scorers, fusionStrategy, alphaSegmentation, alphaClassification, "
                    + "thresholdMode, threshold, targetFalsePositiveRate, normalImagesFolder, seed, deliverToSinks");
        }
    }

    private static String string(String key, JsonNode value) throws ApiException {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(key, "must be a non-empty string");
        }
        return value.asText().trim();
    }

    private static double number(String key, JsonNode value) throws ApiException {
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw invalid(key, "must be a finite number");
        }
        return value.asDouble();
    }

    private static ApiException invalid(String key, String problem) {
        return ApiException.badRequest("invalid_setting", "setting '" + key + "' " + problem);
    }

    private static String checkName(String name) throws ApiException {
        if (!name.matches("[A-Za-z0-9_.-]{1,100}") || name.startsWith(".")) {
            throw ApiException.badRequest("invalid_category_name", "category name '" + name + "' may only contain "
                    + "letters, digits, '_', '.' and '-' (not first)");
        }
        return name;
    }

    private boolean update(String name, Map<String, Object> changes) throws IOException {
        Configuration configuration = platform.configurationAdmin().getFactoryConfiguration(FACTORY_PID, name, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        boolean created = properties == null;
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("name", name);
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            properties.put(change.getKey(), change.getValue());
        }
        configuration.update(properties);
        return created;
    }

    private Configuration configuration(String name) throws IOException {
        try {
            Configuration[] found = platform.configurationAdmin().listConfigurations("(&(service.factoryPid="
                    + FACTORY_PID + ")(name=" + escape(name) + "))");
            return found == null || found.length == 0 ? null : found[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            return null;
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
    }

    private CategoryInfo find(String name) throws ApiException {
        return manager().category(name).orElseThrow(() -> unknown(name));
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("unknown_category", "category '" + name + "' is not configured");
    }

    private CategoryManager manager() throws ApiException {
        return platform.categoryManager().orElseThrow(() -> new ApiException(503, "engine_unavailable",
                "the detection engine is not running (see GET /api/v1/health)"));
    }

    static ObjectNode view(ApiCall call, CategoryInfo info) {
        ObjectNode node = call.mapper().createObjectNode();
        node.put("name", info.name());
        node.put("objectName", info.objectName());
        node.putPOJO("scorers", info.scorers());
        node.put("fusionStrategy", info.fusionStrategy());
        node.put("alphaSegmentation", info.alphaSegmentation());
        node.put("alphaClassification", info.alphaClassification());
        ObjectNode threshold = node.putObject("threshold");
        if (Double.isNaN(info.threshold().value())) {
            threshold.putNull("value");
        } else {
            threshold.put("value", info.threshold().value());
        }
        threshold.put("source", info.threshold().source().name());
        threshold.put("detail", info.threshold().detail());
        node.put("fewShot", info.fewShot());
        node.putPOJO("referenceImageIds", info.referenceImageIds());
        return node;
    }
}
