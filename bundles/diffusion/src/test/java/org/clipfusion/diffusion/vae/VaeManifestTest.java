package org.clipfusion.diffusion.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.CheckpointCopies;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.diffusion.internal.WeightLayout;
import org.clipfusion.diffusion.vae.internal.VaeLayout;
import org.clipfusion.tensor.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The checkpoint layout derived from a config against the full-size SD 1.5 VAE manifest (every tensor, encoder and
 * decoder), the fixture checkpoints, and the loader's report of checkpoints that do not fit.
 */
class VaeManifestTest {
    private static final String MANIFEST = "diffusers_AutoencoderKL_sd15.json";

    @Test
    void layoutFromTheSd15HubConfigIsTheManifest() throws IOException {
        JsonNode manifest = ParityFiles.manifest(MANIFEST);
        VaeConfig config = VaeConfig.parse(manifest.get("config_as_on_hub").toString(), MANIFEST);
        assertEquals(0.18215, config.scalingFactor(), "diffusers' default when the hub config leaves it out");
        WeightLayout layout = VaeLayout.of(config);

        Map<String, List<Long>> expected = new TreeMap<>();
        manifest.get("tensors").forEach(tensor -> expected.put(tensor.get("name").asText(), shape(tensor)));
        assertEquals(manifest.get("num_tensors").asInt(), expected.size(), "manifest lists all its tensors");
        assertEquals(expected, boxed(layout.architecture()));
        for (String key : layout.used().keySet()) {
            assertTrue(key.startsWith(VaeLayout.ENCODER) || key.startsWith(VaeLayout.QUANT_CONV + "."),
                    "only the encoder and quant_conv are read: " + key);
        }
        Map<String, String> legacyByCurrent = new TreeMap<>();
        layout.legacyNames().forEach((legacy, current) -> legacyByCurrent.put(current, legacy));
        Map<String, String> manifestAliases = new TreeMap<>();
        manifest.get("legacy_attention_key_aliases").fields()
                .forEachRemaining(alias -> manifestAliases.put(alias.getKey(), alias.getValue().asText()));
        assertEquals(manifestAliases, legacyByCurrent);
    }

    @Test
    void layoutFromTheFixtureConfigIsTheFixtureCheckpoint() throws IOException {
        Path fixture = ParityFiles.set("vae");
        Map<String, long[]> layout = VaeLayout.of(VaeConfig.read(fixture.resolve("config.json"))).architecture();
        try (SafetensorsFile checkpoint = SafetensorsFile.open(fixture.resolve(VaeEncoder.WEIGHTS_FILE_NAMES.get(0)))) {
            assertEquals(checkpoint.tensors().keySet(), new TreeSet<>(layout.keySet()));
            layout.forEach((key, shape) -> assertArrayEquals(shape, checkpoint.tensors().get(key).shape(), key));
        }
    }

    /** An encoder-only file (decoder and post_quant_conv stripped) loads: those tensors are known but not needed. */
    @Test
    void decoderTensorsAreOptional(@TempDir Path directory) throws IOException {
        Path fixture = ParityFiles.set("vae");
        VaeConfig config = VaeConfig.read(fixture.resolve("config.json"));
        Path encoderOnly = CheckpointCopies.alter(fixture.resolve(VaeEncoder.WEIGHTS_FILE_NAMES.get(0)),
                directory.resolve("encoder.safetensors"),
                key -> key.startsWith(VaeLayout.DECODER) || key.startsWith(VaeLayout.POST_QUANT_CONV) ? null : key,
                Map.of(), Map.of());
        try (VaeEncoder encoder = VaeEncoder.load(config, encoderOnly)) {
            assertEquals(config, encoder.config());
        }
    }

    @Test
    void loaderNamesMissingUnexpectedAndMisShapedKeys(@TempDir Path directory) throws IOException {
        Path fixture = ParityFiles.set("vae");
        VaeConfig config = VaeConfig.read(fixture.resolve("config.json"));
        String dropped = VaeLayout.downResnet(0, 0) + ".conv1.bias";
        String misShaped = VaeLayout.midAttention(VaeLayout.DECODER) + ".to_q.weight";
        long[] square = VaeLayout.of(config).architecture().get(misShaped);
        Path broken = CheckpointCopies.alter(fixture.resolve(VaeEncoder.WEIGHTS_FILE_NAMES.get(0)),
                directory.resolve("broken.safetensors"), key -> key.equals(dropped) ? null : key,
                Map.of(misShaped, new long[] {square[0] * square[1], 1}),
                Map.of("encoder.mid_block.attentions.0.query.weight", LongStream.range(0, 4).toArray()));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> VaeEncoder.load(config, broken));

        assertEquals(List.of(dropped), error.missingKeys());
        // The legacy name of a tensor already present under its current name is a second copy: unexpected.
        assertEquals(List.of("encoder.mid_block.attentions.0.query.weight"), error.unexpectedKeys());
        assertEquals(1, error.shapeMismatches().size());
        assertTrue(error.shapeMismatches().get(0).startsWith(misShaped + ": expected shape"), error.getMessage());
        for (String part : List.of(broken.toString(), dropped, "query.weight", misShaped)) {
            assertTrue(error.getMessage().contains(part), "message names " + part + ": " + error.getMessage());
        }
    }

    @Test
    void filesAndUnsupportedOptionsAreNamed(@TempDir Path directory) throws IOException {
        ModelLoadException noConfig = assertThrows(ModelLoadException.class, () -> VaeEncoder.load(directory));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        Files.copy(ParityFiles.set("vae").resolve("config.json"), directory.resolve("config.json"));
        ModelLoadException noWeights = assertThrows(ModelLoadException.class, () -> VaeEncoder.load(directory));
        assertTrue(noWeights.getMessage().contains("diffusion_pytorch_model.safetensors"), noWeights.getMessage());

        String base = "\"block_out_channels\": [8, 16], \"down_block_types\": [\"DownEncoderBlock2D\","
                + " \"DownEncoderBlock2D\"], \"norm_num_groups\": 4";
        for (Map.Entry<String, String> bad : Map.of(
                "act_fn", "{" + base + ", \"act_fn\": \"gelu\"}",
                "down_block_types", "{\"block_out_channels\": [8, 16], \"down_block_types\": [\"DownEncoderBlock2D\"]}",
                "norm_num_groups", "{\"block_out_channels\": [8, 12], \"down_block_types\": [\"DownEncoderBlock2D\","
                        + " \"DownEncoderBlock2D\"], \"norm_num_groups\": 8}",
                "latents_mean", "{" + base + ", \"latents_mean\": [0.1, 0.2, 0.3, 0.4]}",
                "_class_name", "{" + base + ", \"_class_name\": \"AutoencoderTiny\"}").entrySet()) {
            ModelLoadException error = assertThrows(ModelLoadException.class,
                    () -> VaeConfig.parse(bad.getValue(), "bad.json"), bad.getKey());
            assertTrue(error.getMessage().startsWith("bad.json") && error.getMessage().contains(bad.getKey()),
                    error.getMessage());
        }
        VaeConfig defaults = VaeConfig.parse("{" + base + "}", "defaults.json");
        assertEquals(2, defaults.downsamplingFactor());
        assertEquals(0.0, defaults.shiftFactor());
    }

    private static List<Long> shape(JsonNode tensor) {
        return java.util.stream.StreamSupport.stream(tensor.get("shape").spliterator(), false)
                .map(JsonNode::longValue).toList();
    }

    private static Map<String, List<Long>> boxed(Map<String, long[]> shapes) {
        Map<String, List<Long>> boxed = new TreeMap<>();
        shapes.forEach((key, shape) -> boxed.put(key, LongStream.of(shape).boxed().toList()));
        return boxed;
    }
}
