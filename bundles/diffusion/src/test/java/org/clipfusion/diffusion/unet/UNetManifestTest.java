package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.clipfusion.diffusion.unet.internal.AttentionModuleSpec;
import org.clipfusion.diffusion.unet.internal.UNetArchitecture;
import org.clipfusion.diffusion.unet.internal.UNetCheckpointLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The checkpoint layout and attention heads derived from the real SD 1.5 and SD 2.1-base UNet configs equal the
 * key manifests taken from diffusers' {@code state_dict()} ({@code shared/fixtures/manifests/}): every key, every
 * shape, and heads / inner width / scale of every {@code Attention} module. Both the config as published on the hub
 * and as diffusers 0.30 saves it are checked.
 */
class UNetManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        "diffusers_UNet2DConditionModel_sd15.json, config_as_on_hub",
        "diffusers_UNet2DConditionModel_sd15.json, config_as_saved_by_this_version",
        "diffusers_UNet2DConditionModel_sd21base.json, config_as_on_hub",
        "diffusers_UNet2DConditionModel_sd21base.json, config_as_saved_by_this_version"})
    void layoutEqualsTheManifest(String manifestName, String configField) throws IOException {
        JsonNode manifest = JSON.readTree(UNetFixtures.manifest(manifestName).toFile());
        UNetArchitecture architecture = architecture(manifest, manifestName, configField);
        Map<String, long[]> expected = UNetCheckpointLayout.expectedShapes(architecture);
        Map<String, long[]> actual = manifestTensors(manifest);

        List<String> missing = new ArrayList<>(new TreeSet<>(actual.keySet()));
        missing.removeAll(expected.keySet());
        List<String> extra = new ArrayList<>(new TreeSet<>(expected.keySet()));
        extra.removeAll(actual.keySet());
        List<String> wrongShape = new ArrayList<>();
        actual.forEach((key, shape) -> {
            if (expected.containsKey(key) && !Arrays.equals(shape, expected.get(key))) {
                wrongShape.add(key + " manifest " + Arrays.toString(shape) + " layout "
                        + Arrays.toString(expected.get(key)));
            }
        });
        assertAll(
                () -> assertEquals(manifest.get("num_tensors").asInt(), actual.size(), "manifest tensor count"),
                () -> assertTrue(missing.isEmpty(), "manifest keys the layout lacks: " + missing),
                () -> assertTrue(extra.isEmpty(), "layout keys the manifest lacks: " + extra),
                () -> assertTrue(wrongShape.isEmpty(), "shapes differ: " + wrongShape),
                () -> assertEquals(actual.size(), expected.size()));
    }

    @ParameterizedTest
    @CsvSource({
        "diffusers_UNet2DConditionModel_sd15.json, config_as_on_hub",
        "diffusers_UNet2DConditionModel_sd15.json, config_as_saved_by_this_version",
        "diffusers_UNet2DConditionModel_sd21base.json, config_as_on_hub",
        "diffusers_UNet2DConditionModel_sd21base.json, config_as_saved_by_this_version"})
    void attentionHeadsEqualTheManifest(String manifestName, String configField) throws IOException {
        JsonNode manifest = JSON.readTree(UNetFixtures.manifest(manifestName).toFile());
        Map<String, AttentionModuleSpec> derived = new LinkedHashMap<>();
        for (AttentionModuleSpec module : architecture(manifest, manifestName, configField).attentionModules()) {
            derived.put(module.path(), module);
        }
        JsonNode modules = manifest.get("attention_modules");
        List<String> differences = new ArrayList<>();
        modules.fields().forEachRemaining(entry -> {
            AttentionModuleSpec module = derived.get(entry.getKey());
            JsonNode reference = entry.getValue();
            if (module == null) {
                differences.add(entry.getKey() + " is not derived");
            } else if (module.heads() != reference.get("heads").asInt()
                    || module.innerDim() != reference.get("inner_dim").asInt()
                    || module.cross() != reference.get("cross").asBoolean()
                    || Math.abs(module.scale() - reference.get("scale").asDouble()) > 1e-12) {
                differences.add(entry.getKey() + ": manifest " + reference + ", derived " + module);
            }
        });
        assertAll(
                () -> assertEquals(modules.size(), derived.size(), "number of Attention modules"),
                () -> assertTrue(differences.isEmpty(), String.join("\n", differences)));
    }

    private static UNetArchitecture architecture(JsonNode manifest, String manifestName, String configField)
            throws IOException {
        return UNetArchitecture.of(UNetConfig.parse(manifest.get(configField).toString(),
                manifestName + "#" + configField));
    }

    private static Map<String, long[]> manifestTensors(JsonNode manifest) {
        Map<String, long[]> tensors = new LinkedHashMap<>();
        for (JsonNode tensor : manifest.get("tensors")) {
            JsonNode shape = tensor.get("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asLong();
            }
            tensors.put(tensor.get("name").asText(), dims);
        }
        return tensors;
    }
}
