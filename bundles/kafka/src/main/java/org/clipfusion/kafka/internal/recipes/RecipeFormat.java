package org.clipfusion.kafka.internal.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recipe topic's records (compacted, one partition, so that a reader sees chunks before the manifest naming
 * them):
 *
 * <ul>
 *   <li>key {@code recipe/<category>}: a manifest, JSON {@code {"format": "clipfusion.recipe/1", "category",
 *       "version", "digest", "origin", "publishedAt", "definition": {...}, "fit": null | {"record": base64,
 *       "files": [{"name", "sha256", "size", "chunks": [sha256...]}]}}}; compaction keeps the newest per category;</li>
 *   <li>key {@code chunk/<sha256>}: up to {@value #CHUNK_BYTES} bytes of a bank file, named by their own SHA-256,
 *       so identical chunks are stored once and a reader checks each one. A chunk no manifest names any more is
 *       deleted with a tombstone (null value).</li>
 * </ul>
 */
final class RecipeFormat {
    static final String FORMAT = "clipfusion.recipe/1";
    static final String RECIPE_PREFIX = "recipe/";
    static final String CHUNK_PREFIX = "chunk/";
    static final int CHUNK_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecipeFormat() {
    }

    static byte[] write(RecipeManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("category", manifest.category());
        root.put("version", manifest.version());
        root.put("digest", manifest.digest());
        root.put("origin", manifest.origin());
        root.put("publishedAt", manifest.publishedAt().toString());
        ObjectNode definition = root.putObject("definition");
        manifest.definition().forEach((key, value) -> {
            if (value instanceof List<?> list) {
                ArrayNode array = definition.putArray(key);
                list.forEach(item -> array.add(String.valueOf(item)));
            } else {
                definition.put(key, String.valueOf(value));
            }
        });
        if (manifest.fit() == null) {
            root.putNull("fit");
        } else {
            ObjectNode fit = root.putObject("fit");
            fit.put("record", Base64.getEncoder().encodeToString(manifest.fit().record()));
            ArrayNode files = fit.putArray("files");
            for (RecipeManifest.BankFile file : manifest.fit().files()) {
                ObjectNode node = files.addObject();
                node.put("name", file.name());
                node.put("sha256", file.sha256());
                node.put("size", file.size());
                ArrayNode chunks = node.putArray("chunks");
                file.chunks().forEach(chunks::add);
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IOException naming the problem, for a record this version cannot read */
    static RecipeManifest read(byte[] value) throws IOException {
        JsonNode root = JSON.readTree(value);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " record");
        }
        TreeMap<String, Object> definition = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : iterable(root.path("definition"))) {
            if (entry.getValue().isArray()) {
                List<String> items = new ArrayList<>();
                entry.getValue().forEach(item -> items.add(item.asText()));
                definition.put(entry.getKey(), items);
            } else {
                definition.put(entry.getKey(), entry.getValue().asText());
            }
        }
        RecipeManifest.Fit fit = null;
        JsonNode fitNode = root.path("fit");
        if (fitNode.isObject()) {
            List<RecipeManifest.BankFile> files = new ArrayList<>();
            for (JsonNode file : fitNode.path("files")) {
                List<String> chunks = new ArrayList<>();
                file.path("chunks").forEach(chunk -> chunks.add(chunk.asText()));
                files.add(new RecipeManifest.BankFile(safeName(file.path("name").asText()),
                        file.path("sha256").asText(), file.path("size").asLong(), chunks));
            }
            fit = new RecipeManifest.Fit(Base64.getDecoder().decode(fitNode.path("record").asText()), files);
        }
        try {
            return new RecipeManifest(root.path("category").asText(), root.path("version").asLong(),
                    root.path("digest").asText(), root.path("origin").asText(),
                    Instant.parse(root.path("publishedAt").asText()), definition, fit);
        } catch (RuntimeException e) {
            throw new IOException("malformed " + FORMAT + " record: " + e.getMessage(), e);
        }
    }

    /** A bank file name from the topic must stay inside the category's folder. */
    private static String safeName(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                || !name.endsWith(".bank")) {
            throw new IOException("bank file name '" + name + "' is not a plain *.bank name");
        }
        return name;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
