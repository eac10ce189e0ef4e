package org.clipfusion.diffusion.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.CheckpointCopies;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.diffusion.internal.WeightLayout;
import org.clipfusion.diffusion.text.internal.TextEncoderLayout;
import org.clipfusion.tensor.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The checkpoint layout derived from a config against the full-size SD 1.5 manifest, the fixture checkpoint, and
 * the loader's report of checkpoints that do not fit.
 */
class TextEncoderManifestTest {
    private static final String MANIFEST = "transformers_CLIPTextModel_sd15.json";

    @Test
    void layoutFromTheSd15ConfigIsTheManifest() throws IOException {
        JsonNode manifest = ParityFiles.manifest(MANIFEST);
        TextEncoderConfig config = TextEncoderConfig.parse(manifest.get("config").toString(), MANIFEST + "#config");
        WeightLayout layout = TextEncoderLayout.of(config, config.hiddenLayers());

        Map<String, List<Long>> expected = new TreeMap<>();
        manifest.get("tensors").forEach(tensor -> expected.put(tensor.get("name").asText(), shape(tensor)));
        assertEquals(manifest.get("num_tensors").asInt(), expected.size(), "manifest lists all its tensors");
        assertEquals(expected, boxed(layout.architecture()));
        assertEquals(layout.architecture().keySet(), layout.used().keySet(), "every layer is used without a skip");
        for (JsonNode extra : manifest.get("possibly_present_extra_keys")) {
            String name = extra.get("name").asText();
            assertTrue(layout.tolerated().containsKey(name), name + " is tolerated");
            assertEquals(shape(extra), boxed(Map.of(name, layout.tolerated().get(name))).get(name));
        }
    }

    @Test
    void layoutFromTheFixtureConfigIsTheFixtureCheckpoint() throws IOException {
        Path fixture = ParityFiles.set("text_encoder");
        TextEncoderConfig config = TextEncoderConfig.read(fixture.resolve("config.json"));
        Map<String, long[]> layout = TextEncoderLayout.of(config, config.hiddenLayers()).architecture();
        try (SafetensorsFile checkpoint = SafetensorsFile.open(fixture.resolve("model.safetensors"))) {
            assertEquals(checkpoint.tensors().keySet(), new TreeSet<>(layout.keySet()));
            layout.forEach((key, shape) -> assertArrayEquals(shape, checkpoint.tensors().get(key).shape(), key));
        }
    }

    /** transformers before 4.31 saved position_ids (I64 [1, 77]); such files load. */
    @Test
    void legacyPositionIdsAreIgnored(@TempDir Path directory) throws IOException {
        Path fixture = ParityFiles.set("text_encoder");
        TextEncoderConfig config = TextEncoderConfig.read(fixture.resolve("config.json"));
        Path withPositionIds = CheckpointCopies.alter(fixture.resolve("model.safetensors"),
                directory.resolve("model.safetensors"), key -> key, Map.of(), Map.of(
                        TextEncoderLayout.LEGACY_POSITION_IDS,
                        LongStream.range(0, config.maxPositionEmbeddings()).toArray()));
        try (SdTextEncoder encoder = SdTextEncoder.load(config, withPositionIds, 0)) {
            assertEquals(config, encoder.config());
        }
    }

    @Test
    void loaderNamesMissingUnexpectedAndMisShapedKeys(@TempDir Path directory) throws IOException {
        Path fixture = ParityFiles.set("text_encoder");
        TextEncoderConfig config = TextEncoderConfig.read(fixture.resolve("config.json"));
        String fc1 = TextEncoderLayout.LAYER + "0.mlp.fc1.weight";
        long[] fc1Shape = TextEncoderLayout.of(config, config.hiddenLayers()).used().get(fc1);
        String renamed = TextEncoderLayout.LAYER + "1.layer_norm2.bias";
        Path broken = CheckpointCopies.alter(fixture.resolve("model.safetensors"),
                directory.resolve("broken.safetensors"),
                key -> key.equals(renamed) ? "text_model.encoder.layers.1.layer_norm2.beta"
                        : key.equals("text_model.final_layer_norm.weight") ? null : key,
                Map.of(fc1, new long[] {fc1Shape[1], fc1Shape[0]}),
                Map.of("text_model.embeddings.position_idz", new long[] {0}));

        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> SdTextEncoder.load(config, broken, 0));

        assertEquals(List.of(renamed, "text_model.final_layer_norm.weight"), error.missingKeys());
        assertEquals(List.of("text_model.embeddings.position_idz", "text_model.encoder.layers.1.layer_norm2.beta"),
                error.unexpectedKeys());
        assertEquals(1, error.shapeMismatches().size());
        assertTrue(error.shapeMismatches().get(0).startsWith(fc1 + ": expected shape"), error.getMessage());
        for (String part : List.of(broken.toString(), renamed, "position_idz", fc1, "missing", "unexpected")) {
            assertTrue(error.getMessage().contains(part), "message names " + part + ": " + error.getMessage());
        }
    }

    @Test
    void filesAndUnsupportedOptionsAreNamed(@TempDir Path directory) throws IOException {
        ModelLoadException noConfig = assertThrows(ModelLoadException.class, () -> SdTextEncoder.load(directory));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        Files.copy(ParityFiles.set("text_encoder").resolve("config.json"), directory.resolve("config.json"));
        ModelLoadException noWeights = assertThrows(ModelLoadException.class, () -> SdTextEncoder.load(directory));
        assertTrue(noWeights.getMessage().contains("model.safetensors"), noWeights.getMessage());

        String tanhGelu = "{\"hidden_size\": 8, \"intermediate_size\": 16, \"num_attention_heads\": 2,"
                + " \"num_hidden_layers\": 1, \"hidden_act\": \"gelu_new\"}";
        ModelLoadException activation = assertThrows(ModelLoadException.class,
                () -> TextEncoderConfig.parse(tanhGelu, "tanh.json"));
        assertTrue(activation.getMessage().contains("hidden_act"), activation.getMessage());
        ModelLoadException heads = assertThrows(ModelLoadException.class, () -> TextEncoderConfig.parse(
                "{\"hidden_size\": 10, \"intermediate_size\": 16, \"num_attention_heads\": 3,"
                        + " \"num_hidden_layers\": 1}", "heads.json"));
        assertTrue(heads.getMessage().startsWith("heads.json"), heads.getMessage());
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> TextEncoderConfig.parse(
                "{\"hidden_size\": 8, \"num_attention_heads\": 2, \"num_hidden_layers\": 1}", "short.json"));
        assertTrue(missing.getMessage().contains("intermediate_size"), missing.getMessage());
    }

    private static List<Long> shape(JsonNode tensor) {
        List<Long> shape = new ArrayList<>();
        tensor.get("shape").forEach(dimension -> shape.add(dimension.longValue()));
        return shape;
    }

    private static Map<String, List<Long>> boxed(Map<String, long[]> shapes) {
        Map<String, List<Long>> boxed = new TreeMap<>();
        shapes.forEach((key, shape) -> boxed.put(key, LongStream.of(shape).boxed().toList()));
        return boxed;
    }
}
