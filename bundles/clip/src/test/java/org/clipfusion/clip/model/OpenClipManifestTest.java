package org.clipfusion.clip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.clipfusion.clip.model.internal.CheckpointLayout;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The checkpoint layout derived from a config against the full-size manifest (every real tensor, with its shape),
 * and the loader's report of a checkpoint that does not fit.
 */
class OpenClipManifestTest {
    private static final String MANIFEST = "open_clip_ViT-B-16-plus-240.json";

    @Test
    void layoutFromTheFullSizeConfigIsTheManifest() throws IOException {
        Path manifestFile = ParityFixtures.manifest(MANIFEST);
        JsonNode manifest = new ObjectMapper().readTree(manifestFile.toFile());
        OpenClipConfig config = OpenClipConfig.parse(manifest.get("config").toString(), manifestFile + "#config");

        Map<String, List<Long>> expected = new LinkedHashMap<>();
        for (JsonNode tensor : manifest.get("tensors")) {
            List<Long> shape = new ArrayList<>();
            tensor.get("shape").forEach(dimension -> shape.add(dimension.longValue()));
            expected.put(tensor.get("name").asText(), shape);
        }
        Map<String, List<Long>> derived = new LinkedHashMap<>();
        CheckpointLayout.expectedShapes(config).forEach((key, shape) -> derived.put(key, boxed(shape)));

        assertEquals(manifest.get("num_tensors").asInt(), expected.size(), "manifest lists all its tensors");
        assertEquals(new TreeMap<>(expected), new TreeMap<>(derived));
    }

    @Test
    void layoutFromTheTinyConfigIsTheFixtureCheckpoint() throws IOException {
        Path fixture = ParityFixtures.openClip();
        OpenClipConfig config = OpenClipConfig.read(fixture.resolve("config.json"));
        Map<String, long[]> derived = CheckpointLayout.expectedShapes(config);
        try (SafetensorsFile checkpoint = SafetensorsFile.open(fixture.resolve("model.safetensors"))) {
            assertEquals(checkpoint.tensors().keySet(), new TreeSet<>(derived.keySet()));
            derived.forEach((key, shape) -> assertArrayEquals(shape, checkpoint.tensors().get(key).shape(), key));
        }
    }

    @Test
    void loaderNamesMissingUnexpectedAndMisShapedKeys(@TempDir Path directory) throws IOException {
        Path fixture = ParityFixtures.openClip();
        OpenClipConfig config = OpenClipConfig.read(fixture.resolve("config.json"));
        long[] projectionShape = CheckpointLayout.expectedShapes(config).get("visual.proj");
        Path broken = CheckpointCopies.alter(fixture.resolve("model.safetensors"),
                directory.resolve("broken.safetensors"), DType.F16,
                key -> switch (key) {
                    case "visual.ln_post.bias" -> "visual.ln_post.beta";
                    case "text_projection" -> null;
                    default -> key;
                },
                Map.of("visual.proj", new long[] {projectionShape[1], projectionShape[0]}));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> OpenClipModel.load(config, broken));

        assertEquals(List.of("text_projection", "visual.ln_post.bias"), error.missingKeys());
        assertEquals(List.of("visual.ln_post.beta"), error.unexpectedKeys());
        assertEquals(1, error.shapeMismatches().size());
        assertTrue(error.shapeMismatches().get(0).startsWith("visual.proj: expected shape"),
                error.shapeMismatches().get(0));
        String message = error.getMessage();
        for (String part : List.of(broken.toString(), "text_projection", "visual.ln_post.bias",
                "visual.ln_post.beta", "visual.proj", "missing", "unexpected", "shape mismatch")) {
            assertTrue(message.contains(part), "message names " + part + ": " + message);
        }
    }

    @Test
    void dataParallelPrefixIsStripped(@TempDir Path directory) throws IOException {
        Path fixture = ParityFixtures.openClip();
        OpenClipConfig config = OpenClipConfig.read(fixture.resolve("config.json"));
        Path prefixed = CheckpointCopies.alter(fixture.resolve("model.safetensors"),
                directory.resolve("prefixed.safetensors"), DType.F16, key -> "module." + key, Map.of());
        try (OpenClipModel model = OpenClipModel.load(config, prefixed)) {
            assertEquals(config, model.config());
        }
    }

    @Test
    void missingFilesAreNamed(@TempDir Path directory) throws IOException {
        ModelLoadException noConfig = assertThrows(ModelLoadException.class, () -> OpenClipModel.load(directory));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        Files.copy(ParityFixtures.openClip().resolve("config.json"), directory.resolve("config.json"));
        ModelLoadException noWeights = assertThrows(ModelLoadException.class, () -> OpenClipModel.load(directory));
        assertTrue(noWeights.getMessage().contains("model.safetensors"), noWeights.getMessage());
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> list = new ArrayList<>();
        for (long dimension : shape) {
            list.add(dimension);
        }
        return list;
    }
}
