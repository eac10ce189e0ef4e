package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The HTTP API through the built distribution, started as a plant starts it: every endpoint, refusals of missing,
 * wrong and under-privileged tokens on every endpoint, idempotent inspections (also when retries race), the error
 * cases (never a 500), revocation and the rate limit. The test bundle's brightness scorer stands in for a model: its
 * image score is the mean brightness, its map the pixel brightness, so the expected decisions are known in advance.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HttpApiIT {
    private static final String CATEGORY = "widget";
    private static KarafProcess karaf;
    private static HttpApiClient api;
    private static Path work;
    private static Path images;
    private static String viewer;
    private static String operator;
    private static String admin;

    /** Every endpoint with the least role that may call it (null: none needed). */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"GET", "/api/v1/openapi.json", "viewer"},
            new String[] {"GET", "/api/v1/status", "viewer"},
            new String[] {"GET", "/api/v1/events", "viewer"},
            new String[] {"POST", "/api/v1/inspections", "operator"},
            new String[] {"GET", "/api/v1/results", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1/map.png", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1/heatmap.png", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1/overlay.png", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1/mask.png", "viewer"},
            new String[] {"GET", "/api/v1/results/r-1/image.png", "viewer"},
            new String[] {"GET", "/api/v1/categories", "viewer"},
            new String[] {"GET", "/api/v1/categories/widget", "viewer"},
            new String[] {"PUT", "/api/v1/categories/widget", "admin"},
            new String[] {"DELETE", "/api/v1/categories/widget", "admin"},
            new String[] {"POST", "/api/v1/categories/widget/fit", "operator"},
            new String[] {"POST", "/api/v1/categories/widget/unfit", "admin"},
            new String[] {"PUT", "/api/v1/categories/widget/fusion-strategy", "admin"},
            new String[] {"GET", "/api/v1/scorers", "viewer"},
            new String[] {"GET", "/api/v1/models", "viewer"},
            new String[] {"GET", "/api/v1/fusion-strategies", "viewer"},
            new String[] {"GET", "/api/v1/sinks", "viewer"},
            new String[] {"GET", "/metrics", "viewer"});

    @BeforeClass
    public static void startKaraf() throws Exception {
        work = Path.of(System.getProperty("clipfusion.examDir"), "http-api");
        ItestFiles.deleteRecursively(work);
        images = work.resolve("images");
        ItestImages.png(images, "bad_1.png", 100, true);
        ItestImages.png(images, "good_1.png", 20, false);
        ItestImages.png(images.resolve("refs"), "ref_1.png", 100, false);
        ItestImages.png(images.resolve("refs"), "ref_2.png", 104, false);
        karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")), work.resolve("karaf"),
                System.getProperty("clipfusion.javacppCache"));
        karaf.deploy(Path.of(System.getProperty("clipfusion.checkBundle")));
        karaf.writeConfiguration("org.clipfusion.itest.brightness.cfg", "enabled = true");
        karaf.writeConfiguration("org.clipfusion.http.cfg", "allowedImageRoots = " + images,
                "requestsPerSecond = 1000", "burst = 1000");
        karaf.start();
        api = new HttpApiClient(karaf.httpPort());
        KarafProcess.awaitTrue("the HTTP API", 120, () -> {
            try {
                return api.get("/api/v1/health", null).status() > 0;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        viewer = karaf.shellOk("clipfusion:token-create --role viewer dashboard-screen").trim();
        operator = karaf.shellOk("clipfusion:token-create --role operator line3-mes").trim();
        admin = karaf.shellOk("clipfusion:token-create --role admin quality-engineer").trim();
    }

    @AfterClass
    public static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    public void a_healthIsDownWithoutACategoryAndUpWithOne() throws Exception {
        HttpApiClient.Reply down = api.get("/api/v1/health", null);
        assertEquals(down.text(), 503, down.status());
        assertEquals("DOWN", down.json().path("status").asText());
        assertTrue(down.text(), down.json().path("reasons").toString().contains("no category is configured"));

        createWidget();
        KarafProcess.awaitTrue("health UP", 60, () -> api.get("/api/v1/health", null).status() == 200);
        assertEquals("UP", api.get("/api/v1/health", null).json().path("status").asText());
    }

    @Test
    public void b_everyEndpointRefusesMissingWrongAndUnderPrivilegedTokens() throws Exception {
        createWidget();
        HttpApiClient.Reply first = api.inspect(operator, CATEGORY, "r-1", images.resolve("bad_1.png"));
        assertEquals(first.text(), 201, first.status());

        for (String[] endpoint : ENDPOINTS) {
            String what = endpoint[0] + " " + endpoint[1];
            HttpApiClient.Reply missing = api.send(endpoint[0], endpoint[1], null, null, null);
            assertEquals(what + ": " + missing.text(), 401, missing.status());
            assertEquals(what, "token_missing", missing.errorCode());
            assertEquals(what, "Bearer realm=\"clipfusion\"", missing.header("WWW-Authenticate"));
            HttpApiClient.Reply wrong = api.send(endpoint[0], endpoint[1], "cf_not-a-real-token", null, null);
            assertEquals(what, 401, wrong.status());
            assertEquals(what, "token_invalid", wrong.errorCode());
            HttpApiClient.Reply revokedShape = api.send(endpoint[0], endpoint[1], viewer + "x", null, null);
            assertEquals(what, 401, revokedShape.status());
            List<String> tooLow = switch (endpoint[2]) {
                case "operator" -> List.of(viewer);
                case "admin" -> List.of(viewer, operator);
                default -> List.of();
            };
            for (String token : tooLow) {
                HttpApiClient.Reply refused = api.send(endpoint[0], endpoint[1], token, null, null);
                assertEquals(what + ": " + refused.text(), 403, refused.status());
                assertEquals(what, "forbidden", refused.errorCode());
            }
        }
    }

    @Test
    public void c_inspectionsAreIdempotentOnTheRequestId() throws Exception {
        createWidget();
        HttpApiClient.Reply created = api.inspect(operator, CATEGORY, "idem-1", images.resolve("bad_1.png"));
        assertEquals(created.text(), 201, created.status());
        assertEquals("/api/v1/results/idem-1", created.header("Location"));
        JsonNode result = created.json();
        assertEquals("clipfusion.result/2", result.path("format").asText());
        assertEquals("idem-1", result.path("requestId").asText());
        assertEquals("part-idem-1", result.path("partId").asText());
        assertEquals("bad_1.png", result.path("imageId").asText());
        assertEquals("ANOMALOUS", result.path("decision").asText()); // grey 100 with a white square: far above 0.2
        assertEquals(0.2, result.path("threshold").path("value").asDouble(), 0);
        assertEquals("FIXED_VALUE", result.path("threshold").path("source").asText());
        assertEquals("itest-brightness-model", result.path("provenance").path("models").get(0).path("id").asText());

        // a retry with the same id, even with another image, returns the stored result and makes no second one
        HttpApiClient.Reply retried = api.inspect(operator, CATEGORY, "idem-1", images.resolve("good_1.png"));
        assertEquals(200, retried.status());
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals(result.path("time"), retried.json().path("time"));
        assertEquals(result.path("imageScore"), retried.json().path("imageScore"));

        // retries racing each other: exactly one detection
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(pool.submit(() -> api.inspect(operator, CATEGORY, "race-1", images.resolve(
                        "bad_1.png"))));
            }
            Set<String> times = new HashSet<>();
            int createdCount = 0;
            for (Future<HttpApiClient.Reply> reply : replies) {
                HttpApiClient.Reply r = reply.get();
                assertTrue(r.text(), r.status() == 201 || r.status() == 200);
                createdCount += r.status() == 201 ? 1 : 0;
                times.add(r.json().path("time").asText());
            }
            assertEquals(1, createdCount);
            assertEquals(1, times.size());
        } finally {
            pool.shutdownNow();
        }
        JsonNode listed = api.get("/api/v1/results?limit=1000", viewer).json().path("results");
        int raceResults = 0;
        for (JsonNode r : listed) {
            raceResults += r.path("requestId").asText().equals("race-1") ? 1 : 0;
        }
        assertEquals(1, raceResults);
    }

    @Test
    public void d_inspectionInputsResultsAndPictures() throws Exception {
        createWidget();
        byte[] good = Files.readAllBytes(images.resolve("good_1.png"));
        HttpApiClient.Reply raw = api.send("POST", "/api/v1/inspections?category=widget&requestId=raw-1"
                + "&imageId=cam1-0001", operator, "image/png", good);
        assertEquals(raw.text(), 201, raw.status());
        assertEquals("cam1-0001", raw.json().path("imageId").asText());
        assertEquals("NORMAL", raw.json().path("decision").asText()); // flat grey 20: brightness 20/255 = 0.08 < 0.2

        HttpApiClient.Reply byPath = api.json("POST", "/api/v1/inspections", operator, "{\"category\": \"widget\", "
                + "\"requestId\": \"path-1\", \"path\": \"" + images.resolve("bad_1.png") + "\"}");
        assertEquals(byPath.text(), 201, byPath.status());
        assertEquals("ANOMALOUS", byPath.json().path("decision").asText());
        HttpApiClient.Reply outside = api.json("POST", "/api/v1/inspections", operator, "{\"category\": \"widget\", "
                + "\"path\": \"/etc/passwd\"}");
        assertEquals(403, outside.status());
        assertEquals("path_not_allowed", outside.errorCode());

        JsonNode one = api.get("/api/v1/results/path-1", viewer).json();
        assertEquals("path-1", one.path("requestId").asText());
        assertEquals("/api/v1/results/path-1/overlay.png", one.path("links").path("overlay").asText());

        BufferedImage overlay = png(api.get("/api/v1/results/path-1/overlay.png", viewer));
        assertEquals(ItestImages.SIZE, overlay.getWidth());
        BufferedImage inspected = png(api.get("/api/v1/results/path-1/image.png", viewer));
        assertEquals(ItestImages.SIZE, inspected.getWidth());
        assertEquals(0xFFFFFF, inspected.getRGB(0, 0) & 0xFFFFFF); // the white defect square
        BufferedImage map = png(api.get("/api/v1/results/path-1/map.png", viewer));
        assertEquals(256, map.getWidth());
        assertEquals(16, map.getColorModel().getPixelSize());
        BufferedImage mask = png(api.get("/api/v1/results/path-1/mask.png", viewer));
        // brightness map: the white square (1.0) lies above the threshold 0.2
        assertEquals(255, mask.getRaster().getSample(5, 5, 0));
        BufferedImage darkMask = png(api.get("/api/v1/results/raw-1/mask.png", viewer));
        assertEquals(0, darkMask.getRaster().getSample(128, 128, 0)); // grey 20: 0.08 < 0.2 everywhere
        BufferedImage heatmap = png(api.get("/api/v1/results/path-1/heatmap.png", viewer));
        assertTrue(heatmap.getColorModel().hasAlpha());
        assertEquals("result_not_found", api.get("/api/v1/results/nosuch", viewer).errorCode());

        JsonNode anomalous = api.get("/api/v1/results?category=widget&decision=anomalous", viewer).json();
        for (JsonNode r : anomalous.path("results")) {
            assertEquals("ANOMALOUS", r.path("decision").asText());
        }
        assertTrue(anomalous.path("results").size() >= 1);
        JsonNode normal = api.get("/api/v1/results?decision=NORMAL", viewer).json().path("results");
        assertTrue(normal.toString().contains("raw-1"));
        assertFalse(normal.toString().contains("path-1"));
        assertEquals(0, api.get("/api/v1/results?since=2999-01-01T00:00:00Z", viewer).json().path("results").size());
        assertEquals(1, api.get("/api/v1/results?limit=1", viewer).json().path("results").size());
        assertEquals("invalid_parameter", api.get("/api/v1/results?decision=maybe", viewer).errorCode());
        assertEquals("invalid_parameter", api.get("/api/v1/results?limit=0", viewer).errorCode());
        assertEquals("invalid_parameter", api.get("/api/v1/results?since=yesterday", viewer).errorCode());
    }

    @Test
    public void e_badInputIsAJsonErrorWithAStableCodeNeverA500() throws Exception {
        createWidget();
        Path text = work.resolve("notes.png");
        Files.writeString(text, "this is not an image");
        Path big = work.resolve("big.png");
        Files.write(big, new byte[1]);
        assertError(api.send("POST", "/api/v1/inspections", operator, "text/plain", "hello".getBytes()), 415,
                "unsupported_media_type");
        assertError(api.json("POST", "/api/v1/inspections", operator, "{not json"), 400, "malformed_json");
        assertError(api.json("POST", "/api/v1/inspections", operator, "[1, 2]"), 400, "malformed_json");
        assertError(api.multipart("/api/v1/inspections", operator, Map.of("category", CATEGORY),
                Map.of("image", text)), 400, "image_undecodable");
        assertError(api.multipart("/api/v1/inspections", operator, Map.of("category", CATEGORY), Map.of()), 400,
                "image_missing");
        assertError(api.inspect(operator, "nosuch", "x-1", images.resolve("bad_1.png")), 404, "unknown_category");
        assertError(api.multipart("/api/v1/inspections", operator, Map.of(), Map.of("image",
                images.resolve("bad_1.png"))), 400, "category_missing");
        assertError(api.send("POST", "/api/v1/inspections?category=widget", operator, "image/png",
                new byte[40 * 1024 * 1024]), 413, "payload_too_large");
        assertError(api.json("PUT", "/api/v1/categories/widget", admin, "{\"alphaSegmentation\": 1.5}"), 400,
                "invalid_setting");
        assertError(api.json("PUT", "/api/v1/categories/widget", admin, "{\"colour\": \"red\"}"), 400,
                "unknown_field");
        assertError(api.json("PUT", "/api/v1/categories/widget", admin, "{\"thresholdMode\": \"sometimes\"}"), 400,
                "invalid_setting");
        assertError(api.json("PUT", "/api/v1/categories/..evil", admin, "{}"), 400, "invalid_category_name");
        assertError(api.send("PUT", "/api/v1/categories/widget", admin, "text/plain", "x".getBytes()), 415,
                "unsupported_media_type");
        assertError(api.json("PUT", "/api/v1/categories/widget/fusion-strategy", admin, "{\"strategy\": \"nosuch\"}"),
                400, "unknown_fusion_strategy");
        assertError(api.json("POST", "/api/v1/categories/nosuch/fit", operator, "{\"paths\": []}"), 404,
                "unknown_category");
        assertError(api.get("/api/v1/nosuch", viewer), 404, "not_found");
        assertError(api.send("PATCH", "/api/v1/status", viewer, null, null), 405, "method_not_allowed");
        String log = String.join("\n", Files.readAllLines(karaf.home().resolve("data/log/karaf.log")));
        assertFalse("an error was logged as a server failure:\n" + karaf.logTail(), log.contains("internal_error")
                || log.contains("ApiServlet"));
    }

    @Test
    public void f_categoriesFitUnfitStrategiesScorersSinksAndStatus() throws Exception {
        createWidget();
        JsonNode categories = api.get("/api/v1/categories", viewer).json().path("categories");
        assertTrue(categories.toString(), categories.toString().contains("\"name\":\"widget\""));

        Map<String, Path> references = new LinkedHashMap<>();
        references.put("references#1", images.resolve("refs/ref_1.png"));
        references.put("references#2", images.resolve("refs/ref_2.png"));
        HttpApiClient.Reply fitted = api.multipart("/api/v1/categories/widget/fit", operator, Map.of(), references);
        assertEquals(fitted.text(), 200, fitted.status());
        assertTrue(fitted.json().path("fewShot").asBoolean());
        assertEquals("[\"ref_1.png\",\"ref_2.png\"]", fitted.json().path("referenceImageIds").toString());
        HttpApiClient.Reply byPaths = api.json("POST", "/api/v1/categories/widget/fit", operator, "{\"paths\": [\""
                + images.resolve("refs") + "\"]}");
        assertEquals(byPaths.text(), 200, byPaths.status());
        assertEquals(2, byPaths.json().path("referenceImageIds").size());
        HttpApiClient.Reply unfitted = api.send("POST", "/api/v1/categories/widget/unfit", admin, null, null);
        assertEquals(unfitted.text(), 200, unfitted.status());
        assertFalse(unfitted.json().path("fewShot").asBoolean());

        JsonNode strategies = api.get("/api/v1/fusion-strategies", viewer).json().path("fusionStrategies");
        assertTrue(strategies.toString(), strategies.toString().contains("\"id\":\"weighted-sum\",\"ranking\":100,"
                + "\"default\":true"));
        HttpApiClient.Reply selected = api.json("PUT", "/api/v1/categories/widget/fusion-strategy", admin,
                "{\"strategy\": \"max\"}");
        assertEquals(selected.text(), 202, selected.status());
        KarafProcess.awaitTrue("widget on max", 30, () -> api.get("/api/v1/categories/widget", viewer).json()
                .path("fusionStrategy").asText().equals("max"));

        JsonNode scorers = api.get("/api/v1/scorers", viewer).json().path("scorers");
        assertEquals("itest-brightness", scorers.get(0).path("id").asText());
        assertEquals("LOADED", scorers.get(0).path("state").asText());
        assertEquals("itest-brightness-model", scorers.get(0).path("models").get(0).path("id").asText());
        JsonNode models = api.get("/api/v1/models", viewer).json().path("models");
        assertEquals("itest-brightness", models.get(0).path("scorer").asText());
        assertEquals("RUNNING", api.get("/api/v1/sinks", viewer).json().path("outbox").asText());
        JsonNode status = api.get("/api/v1/status", viewer).json();
        assertTrue(status.path("runtime").path("ready").asBoolean());
        assertEquals("RUNNING", status.path("engine").asText());

        JsonNode openapi = api.get("/api/v1/openapi.json", viewer).json();
        assertEquals("3.0.3", openapi.path("openapi").asText());
        for (String[] endpoint : ENDPOINTS) {
            if (endpoint[1].startsWith("/api/v1/")) {
                String template = endpoint[1].substring("/api/v1".length()).replace("/r-1", "/{requestId}")
                        .replace("/widget", "/{name}");
                assertTrue("openapi.json lacks " + template, openapi.path("paths").has(template));
                assertTrue("openapi.json lacks " + endpoint[0] + " " + template, openapi.path("paths")
                        .path(template).has(endpoint[0].toLowerCase(java.util.Locale.ROOT)));
            }
        }

        HttpApiClient.Reply gone = api.json("PUT", "/api/v1/categories/scrap", admin, "{\"objectName\": \"scrap\"}");
        assertEquals(202, gone.status());
        KarafProcess.awaitTrue("category scrap", 30, () -> api.get("/api/v1/categories/scrap", viewer).status()
                == 200);
        assertEquals(204, api.send("DELETE", "/api/v1/categories/scrap", admin, null, null).status());
        KarafProcess.awaitTrue("category scrap gone", 30, () -> api.get("/api/v1/categories/scrap", viewer)
                .status() == 404);
        assertError(api.send("DELETE", "/api/v1/categories/scrap", admin, null, null), 404, "unknown_category");
    }

    @Test
    public void z_revokedTokensAndTheRateLimit() throws Exception {
        String temporary = karaf.shellOk("clipfusion:token-create --role viewer temporary").trim();
        assertEquals(200, api.get("/api/v1/status", temporary).status());
        assertTrue(karaf.shellOk("clipfusion:tokens").contains("temporary"));
        String file = Files.readString(karaf.home().resolve("etc/clipfusion-api-tokens.properties"));
        assertFalse("the secret is stored in clear", file.contains(temporary.substring(3)));
        karaf.shellOk("clipfusion:token-revoke temporary");
        assertError(api.get("/api/v1/status", temporary), 401, "token_invalid");
        assertEquals(1, karaf.shell("clipfusion:token-revoke temporary").exitCode());

        assertError(api.get("/metrics", null), 401, "token_missing");
        karaf.writeConfiguration("org.clipfusion.http.cfg", "allowedImageRoots = " + images,
                "requestsPerSecond = 0.2", "burst = 3", "metricsWithoutToken = true");
        KarafProcess.awaitTrue("a 429 once the rate limit applies", 60, () -> {
            HttpApiClient.Reply reply = api.get("/api/v1/status", viewer);
            if (reply.status() == 429) {
                assertEquals("rate_limited", reply.errorCode());
                assertNotEquals(null, reply.header("Retry-After"));
                return true;
            }
            return false;
        });
        assertEquals("health is exempt, for load balancers", 200, api.get("/api/v1/health", null).status());
        HttpApiClient.Reply openMetrics = api.get("/metrics", null);
        assertEquals("metricsWithoutToken opens /metrics deliberately", 200, openMetrics.status());
        assertTrue(openMetrics.text().contains("clipfusion_detections_total"));
    }

    private static void createWidget() throws Exception {
        HttpApiClient.Reply saved = api.json("PUT", "/api/v1/categories/widget", admin, "{\"scorers\": "
                + "[\"itest-brightness\"], \"thresholdMode\": \"value\", \"threshold\": 0.2}");
        assertEquals(saved.text(), 202, saved.status());
        KarafProcess.awaitTrue("category widget", 60, () -> api.get("/api/v1/categories/widget", viewer).status()
                == 200 && api.get("/api/v1/categories/widget", viewer).json().path("threshold").path("value")
                .asDouble() == 0.2);
    }

    private static void assertError(HttpApiClient.Reply reply, int status, String code) {
        assertEquals(reply.text(), status, reply.status());
        assertTrue(reply.contentType(), reply.contentType().startsWith("application/json"));
        assertEquals(reply.text(), code, reply.errorCode());
        assertFalse(reply.text(), reply.text().contains("Exception") || reply.text().contains("\tat "));
    }

    private static BufferedImage png(HttpApiClient.Reply reply) throws Exception {
        assertEquals(reply.text(), 200, reply.status());
        assertEquals("image/png", reply.contentType());
        return ImageIO.read(new ByteArrayInputStream(reply.body()));
    }
}
