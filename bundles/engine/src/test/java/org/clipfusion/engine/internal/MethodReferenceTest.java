package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.fusion.internal.WeightedSumFusion;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;
import org.clipfusion.testing.DsComponents;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every map of the method, end to end through the {@link org.clipfusion.api.Detector} path, against an independent
 * numpy reference ({@code src/test/python/method_reference}: written from docs/method.md, fed with the outputs of the
 * upstream open_clip and diffusers code on the tiny parity models). The real PatchCLIP and MapDiff components and the
 * weighted-sum fusion run on the same images; component maps on the evaluation grid (scaled as the case says), the
 * smoothed fused map and the image score must agree within {@code 1e-4 + 1e-5·max|ref|}.
 */
class MethodReferenceTest {
    private static final Path FIXTURES = Path.of("src/test/resources/method-reference");

    @ParameterizedTest
    @ValueSource(strings = {"zero-shot-crops", "two-shot-crops-reference-max", "two-shot-windows-raw"})
    void everyMapMatchesTheReference(String name, @TempDir Path data) throws Exception {
        Properties cases = new Properties();
        try (InputStream in = Files.newInputStream(FIXTURES.resolve("cases.properties"))) {
            cases.load(in);
        }
        String mode = cases.getProperty(name + ".languageMode");
        int shots = Integer.parseInt(cases.getProperty(name + ".shots"));
        String scaling = cases.getProperty(name + ".mapScaling");
        double expectedScore = Double.parseDouble(cases.getProperty(name + ".imageScore"));

        List<DsComponents.Activated> components = new ArrayList<>();
        try (EngineFixture fixture = new EngineFixture(data, "evaluationGrid", 32, "smoothingSigma", 2.0)) {
            fixture.engine.bindScorer(patchClip(mode, components), properties("patchclip", 1));
            fixture.engine.bindScorer(mapDiff(components), properties("mapdiff", 2));
            fixture.engine.bindFusionStrategy(new WeightedSumFusion(), properties("weighted-sum", 3));
            fixture.category("name", "widget", "scorers", new String[] {"patchclip", "mapdiff"},
                    "fusionStrategy", "weighted-sum", "mapScaling", scaling, "deliverToSinks", false);
            if (shots > 0) {
                fixture.manager.fit("widget", List.of(image("ref-1"), image("ref-2")));
            }

            DetectionResult result = fixture.detect("widget", image("query"));

            Path expected = FIXTURES.resolve(name);
            List<MapRole> roles = new ArrayList<>(List.of(MapRole.CLIP_LANGUAGE, MapRole.DIFFUSION_LANGUAGE));
            if (shots > 0) {
                roles.addAll(List.of(MapRole.CLIP_VISION, MapRole.DIFFUSION_VISION));
            }
            assertEquals(roles.size(), result.componentMaps().size(), "maps " + result.componentMaps().keySet());
            for (MapRole role : roles) {
                AnomalyMap map = result.componentMaps().get(role);
                assertNotNull(map, role + " missing");
                assertClose(NpyArray.read(expected.resolve(role.name() + ".npy")).toFloatArray(), map.values(),
                        name + " " + role);
            }
            assertClose(NpyArray.read(expected.resolve("FUSED.npy")).toFloatArray(), result.map().values(),
                    name + " fused map");
            assertEquals(expectedScore, result.imageScore(), 1e-4 + 1e-5 * Math.abs(expectedScore), "image score");
            assertEquals(scaling, result.provenance().method().get("fusion.mapScaling"));
            assertTrue(result.provenance().method().containsKey("mapdiff.attentionScale"),
                    result.provenance().method().toString());
        } finally {
            for (DsComponents.Activated component : components) {
                component.deactivate();
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        double tolerance = 1e-4 + 1e-5 * scale;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (error > worst) {
                worst = error;
                at = i;
            }
        }
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " at cell " + at + " (reference "
                + (at < 0 ? "" : expected[at]) + ", got " + (at < 0 ? "" : actual[at]) + "), allowed " + tolerance);
    }

    static InspectionImage image(String name) throws IOException {
        RgbImage rgb = ImageDecoder.decode(FIXTURES.resolve(name + ".png"));
        return new InspectionImage(name, rgb.width(), rgb.height(), rgb.rgbBytes(), Map.of());
    }

    static Map<String, Object> properties(String id, long serviceId) {
        return Map.of("clipfusion.id", id, "service.ranking", 0, "service.id", serviceId);
    }

    /** PatchCLIP as DS builds it from its configuration, on the tiny open_clip, with the reference's settings. */
    static Scorer patchClip(String mode, List<DsComponents.Activated> components) throws Exception {
        return activate("org.clipfusion.clip.internal.PatchClipComponent",
                "org.clipfusion.clip.internal.PatchClipConfig", components, "modelDirectory",
                SharedFixtures.paritySet("open_clip").toString(), "modelId", "tiny-open_clip", "temperature", 0.01,
                "languageMode", mode, "cropScales", new String[] {"0.5", "0.3333333333333333"}, "strideRatio", 0.5,
                "windowSizes", new String[] {"2", "3"}, "mapLongSide", 240);
    }

    /** MapDiff as DS builds it, on the tiny Stable Diffusion, at 96 px, with the tiny UNet's two up blocks. */
    static Scorer mapDiff(List<DsComponents.Activated> components) throws Exception {
        return activate("org.clipfusion.diffusion.mapdiff.internal.MapDiffComponent",
                "org.clipfusion.diffusion.mapdiff.internal.MapDiffConfig", components, "modelDirectory",
                SharedFixtures.parityDirectory().toString(), "modelId", "tiny-stable-diffusion", "imageSize", 96, "timestep", 100, "noiseSeed", 0L,
                "featureLayers", new String[] {"up_blocks.0", "up_blocks.1"});
    }

    private static Scorer activate(String component, String config, List<DsComponents.Activated> components,
                                   Object... keysAndValues) throws Exception {
        DsComponents.Activated activated = DsComponents.activate(component, config, keysAndValues);
        components.add(activated);
        assertNotNull(activated.service(), component + " registered no scorer (see its log line)");
        return (Scorer) activated.service();
    }
}
