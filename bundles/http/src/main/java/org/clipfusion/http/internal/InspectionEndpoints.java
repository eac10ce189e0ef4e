package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import javax.servlet.http.Part;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;

/**
 * {@code POST /inspections} and the results: idempotent on the caller's request id (a retried id is answered with the
 * stored result, and a retry that arrives while the first attempt still runs waits for it), results listed with
 * filters, and each result's pictures as PNG.
 */
final class InspectionEndpoints {
    static final int MAX_ID_LENGTH = 200;
    private static final Set<String> DECISIONS = Set.of("NORMAL", "ANOMALOUS", "UNDECIDED");

    private final Platform platform;
    private final ResultStore store;
    private final ImageInputs inputs;
    private final ConcurrentHashMap<String, CompletableFuture<StoredResult>> inFlight = new ConcurrentHashMap<>();

    InspectionEndpoints(Platform platform, ResultStore store, ImageInputs inputs) {
        this.platform = platform;
        this.store = store;
        this.inputs = inputs;
    }

    /** What an inspection request asks for, however it arrived. */
    private record Ask(String category, String requestId, String partId, String imageId, ImageSource source) {
    }

    private interface ImageSource {
        InspectionImage load(String imageId) throws ApiException, IOException;
    }

    void inspect(ApiCall call) throws Exception {
        Ask ask = parse(call);
        Optional<StoredResult> stored = store.get(ask.requestId());
        if (stored.isPresent()) {
            replay(call, stored.get());
            return;
        }
        CompletableFuture<StoredResult> mine = new CompletableFuture<>();
        CompletableFuture<StoredResult> earlier = inFlight.putIfAbsent(ask.requestId(), mine);
        if (earlier != null) {
            try {
                replay(call, earlier.get());
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ApiException failure) {
                    throw failure;
                }
                throw new ApiException(409, "request_failed", "request id '" + ask.requestId() + "': the attempt "
                        + "running at the same time failed; retry");
            }
        }
        try {
            stored = store.get(ask.requestId()); // finished between the first look and the registration
            if (stored.isPresent()) {
                mine.complete(stored.get());
                replay(call, stored.get());
                return;
            }
            StoredResult result = detect(ask);
            mine.complete(result);
            call.response.setHeader("Location", call.request.getContextPath() + "/api/v1/results/"
                    + encode(result.requestId()));
            call.json(201, view(result));
        } catch (Exception e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(ask.requestId(), mine);
        }
    }

    private StoredResult detect(Ask ask) throws ApiException, IOException {
        Detector detector = requireDetector();
        requireCategory(detector, ask.category());
        InspectionImage image = ask.source().load(ask.imageId());
        DetectionResult result;
        try {
            result = detector.detect(new DetectionRequest(ask.requestId(), ask.partId(), ask.category(), image));
        } catch (DetectionException e) {
            throw new ApiException(422, "detection_failed", "image '" + ask.imageId() + "' could not be inspected "
                    + "under '" + ask.category() + "': " + e.getMessage());
        }
        return store.put(result, ResultImages.imagePng(image));
    }

    private Detector requireDetector() throws ApiException {
        return platform.detector().orElseThrow(() -> new ApiException(503, "engine_unavailable",
                "the detection engine is not running (see GET /api/v1/health)"));
    }

    static void requireCategory(Detector detector, String category) throws ApiException {
        if (!detector.categories().contains(category)) {
            throw ApiException.notFound("unknown_category", "category '" + category + "' is not configured; "
                    + "configured: " + String.join(", ", new java.util.TreeSet<>(detector.categories())));
        }
    }

    private Ask parse(ApiCall call) throws ApiException, IOException {
        String type = call.contentType();
        if (type.equals("multipart/form-data")) {
            List<Part> files = ImageInputs.fileParts(call);
            if (files.isEmpty()) {
                throw ApiException.badRequest("image_missing", "multipart body has no file part (send the image "
                        + "as -F image=@part.png)");
            }
            Part part = files.stream().filter(p -> p.getName().equals("image")).findFirst().orElse(files.get(0));
            String fileName = part.getSubmittedFileName();
            return ask(ImageInputs.field(call, "category"), ImageInputs.field(call, "requestId"),
                    ImageInputs.field(call, "partId"), ImageInputs.field(call, "imageId"),
                    fileName == null || fileName.isBlank() ? null : fileName,
                    id -> ImageInputs.decode(ImageInputs.read(call, part), id, "uploaded image"));
        }
        if (type.equals("application/json")) {
            JsonNode body = call.jsonBody();
            String path = text(body, "path");
            if (path == null) {
                throw ApiException.badRequest("image_missing", "JSON body: 'path' (an image file on the server) is "
                        + "required, or upload the image as multipart/form-data");
            }
            String fileName = Path.of(path).getFileName() == null ? null : Path.of(path).getFileName().toString();
            return ask(text(body, "category"), text(body, "requestId"), text(body, "partId"),
                    text(body, "imageId"), fileName, id -> ImageInputs.load(inputs.resolve(path, false).get(0), id));
        }
        if (type.startsWith("image/") || type.equals("application/octet-stream")) {
            return ask(call.query("category").orElse(null), call.query("requestId").orElse(null),
                    call.query("partId").orElse(null), call.query("imageId").orElse(null), null,
                    id -> ImageInputs.decode(call.body(), id, "request body"));
        }
        throw new ApiException(415, "unsupported_media_type", "Content-Type '" + (call.request.getContentType()
                == null ? "none" : call.request.getContentType()) + "': send multipart/form-data (image file and "
                + "fields), image/* with query parameters, or application/json with a server path");
    }

    private static String text(JsonNode body, String field) throws ApiException {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("invalid_parameter", "JSON body: '" + field + "' must be a string");
        }
        return node.asText().isBlank() ? null : node.asText().trim();
    }

    private static Ask ask(String category, String requestId, String partId, String imageId, String fileName,
                           ImageSource source) throws ApiException {
        if (category == null) {
            throw ApiException.badRequest("category_missing", "'category' is required");
        }
        String id = requestId == null ? UUID.randomUUID().toString() : requestId;
        checkId("requestId", id);
        checkId("partId", partId);
        checkId("imageId", imageId);
        String image = imageId != null ? imageId : fileName != null ? fileName : id;
        return new Ask(category, id, partId == null ? "" : partId, image, source);
    }

    private static void checkId(String name, String value) throws ApiException {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw ApiException.badRequest("invalid_parameter", "'" + name + "' is longer than " + MAX_ID_LENGTH
                    + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.badRequest("invalid_parameter", "'" + name + "' contains control characters");
        }
    }

    private void replay(ApiCall call, StoredResult result) throws IOException {
        call.response.setHeader("Idempotent-Replayed", "true");
        call.json(200, view(result));
    }

    // --- results ------------------------------------------------------------------------------------------------

    void list(ApiCall call) throws ApiException, IOException {
        Predicate<StoredResult> filter = r -> true;
        Optional<String> category = call.query("category");
        if (category.isPresent()) {
            filter = filter.and(r -> r.category().equals(category.get()));
        }
        Optional<String> decision = call.query("decision").map(d -> d.toUpperCase(Locale.ROOT));
        if (decision.isPresent()) {
            if (!DECISIONS.contains(decision.get())) {
                throw ApiException.badRequest("invalid_parameter", "decision '" + call.query("decision").get()
                        + "' is not one of NORMAL, ANOMALOUS, UNDECIDED");
            }
            filter = filter.and(r -> r.decision().equals(decision.get()));
        }
        Optional<Instant> since = instant(call, "since");
        if (since.isPresent()) {
            filter = filter.and(r -> !r.time().isBefore(since.get()));
        }
        Optional<Instant> until = instant(call, "until");
        if (until.isPresent()) {
            filter = filter.and(r -> r.time().isBefore(until.get()));
        }
        int limit = 50;
        if (call.query("limit").isPresent()) {
            try {
                limit = Integer.parseInt(call.query("limit").get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw ApiException.badRequest("invalid_parameter", "limit '" + call.query("limit").get()
                        + "' must be a whole number from 1 to 1000");
            }
        }
        ObjectNode body = call.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        for (StoredResult result : store.recent(filter, limit)) {
            results.add(view(result));
        }
        call.json(200, body);
    }

    private static Optional<Instant> instant(ApiCall call, String name) throws ApiException {
        Optional<String> text = call.query(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_parameter", name + " '" + text.get() + "' is not an ISO-8601 "
                    + "instant such as 2026-01-31T08:00:00Z");
        }
    }

    void get(ApiCall call) throws ApiException, IOException {
        call.json(200, view(find(call)));
    }

    void picture(ApiCall call, String kind) throws ApiException, IOException {
        StoredResult result = find(call);
        AnomalyMap map = store.map(result);
        double threshold = result.threshold();
        switch (kind) {
            case "map" -> call.png(ResultImages.mapPng(map, threshold));
            case "heatmap" -> call.png(ResultImages.heatmapPng(map, threshold));
            case "overlay" -> {
                Optional<byte[]> image = store.imagePng(result);
                call.png(image.isPresent() ? ResultImages.overlayPng(image.get(), map, threshold)
                        : ResultImages.heatmapPng(map, threshold));
            }
            case "mask" -> {
                double cut = threshold;
                if (call.query("threshold").isPresent()) {
                    try {
                        cut = Double.parseDouble(call.query("threshold").get());
                    } catch (NumberFormatException e) {
                        cut = Double.NaN;
                    }
                    if (!Double.isFinite(cut)) {
                        throw ApiException.badRequest("invalid_parameter", "threshold '" + call.query("threshold")
                                .get() + "' is not a finite number");
                    }
                }
                if (Double.isNaN(cut)) {
                    throw new ApiException(409, "threshold_unset", "result '" + result.requestId() + "' has no "
                            + "threshold (category in thresholdMode none): pass ?threshold=VALUE for a mask");
                }
                call.png(ResultImages.maskPng(map, cut));
            }
            case "image" -> call.png(store.imagePng(result).orElseThrow(() -> ApiException.notFound(
                    "image_not_kept", "result '" + result.requestId() + "' was not inspected through the API, so "
                            + "its image is not kept")));
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private StoredResult find(ApiCall call) throws ApiException {
        String id = call.path("requestId");
        return store.get(id).orElseThrow(() -> ApiException.notFound("result_not_found", "no result with request "
                + "id '" + id + "' is kept (the most recent ones are; see retainedResults)"));
    }

    static ObjectNode view(StoredResult result) {
        ObjectNode view = result.record().deepCopy();
        String base = "/api/v1/results/" + encode(result.requestId());
        ObjectNode links = view.putObject("links");
        links.put("self", base);
        links.put("map", base + "/map.png");
        links.put("heatmap", base + "/heatmap.png");
        links.put("overlay", base + "/overlay.png");
        links.put("mask", base + "/mask.png");
        if (result.hasImage()) {
            links.put("image", base + "/image.png");
        }
        return view;
    }

    static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
