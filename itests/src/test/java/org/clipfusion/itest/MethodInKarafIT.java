package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The whole method inside the distribution: the real PatchCLIP and MapDiff components, configured through
 * ConfigAdmin on the tiny parity models, fitted with two references and run through the {@link Detector} service,
 * give every component map, the fused map and the image score that the numpy reference computed outside OSGi from
 * the upstream open_clip and diffusers outputs of the same models ({@code bundles/engine/src/test/resources/
 * method-reference}, the case {@code two-shot-crops-reference-max}; MethodReferenceTest checks the same case
 * outside the container). Same tolerance: {@code 1e-4 + 1e-5·max|ref|}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MethodInKarafIT extends ClipFusionKarafSupport {
    private static final String REFERENCE_PROPERTY = "clipfusion.itest.methodReference";
    private static final String CASE = "two-shot-crops-reference-max";

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    Detector detector;

    @Inject
    CategoryManager categories;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(baseOptions(),
                systemProperty(REFERENCE_PROPERTY).value(System.getProperty("clipfusion.methodReference")));
    }

    @Test
    public void theFusedMapInKarafIsTheReferenceComputedOutsideOsgi() throws Exception {
        Path fixtures = Path.of(System.getProperty(REFERENCE_PROPERTY));
        Properties cases = new Properties();
        try (InputStream in = new FileInputStream(fixtures.resolve("cases.properties").toFile())) {
            cases.load(in);
        }
        String parity = System.getProperty(PARITY_PROPERTY);
        // The reference's settings (MethodReferenceTest configures the components outside OSGi with the same).
        configure(configurationAdmin, "org.clipfusion.engine", Map.of("evaluationGrid", 32, "smoothingSigma", 2.0));
        configure(configurationAdmin, "org.clipfusion.clip.patchclip", Map.of("modelDirectory",
                Path.of(parity, "open_clip").toString(), "modelId", "tiny-open_clip", "temperature", 0.01,
                "languageMode", cases.getProperty(CASE + ".languageMode"), "cropScales",
                new String[] {"0.5", "0.3333333333333333"}, "strideRatio", 0.5, "windowSizes",
                new String[] {"2", "3"}, "mapLongSide", 240));
        configure(configurationAdmin, "org.clipfusion.diffusion.mapdiff", Map.of("modelDirectory", parity,
                "modelId", "tiny-stable-diffusion", "imageSize", 96, "timestep", 100, "noiseSeed", 0L,
                "featureLayers", new String[] {"up_blocks.0", "up_blocks.1"}));
        awaitService(org.clipfusion.api.spi.Scorer.class, "(clipfusion.id=patchclip)");
        awaitService(org.clipfusion.api.spi.Scorer.class, "(clipfusion.id=mapdiff)");
        configureCategory(configurationAdmin, "widget", Map.of("scorers", new String[] {"patchclip", "mapdiff"},
                "fusionStrategy", "weighted-sum", "mapScaling", cases.getProperty(CASE + ".mapScaling"),
                "deliverToSinks", false));
        awaitCondition("the widget category", () -> categories.category("widget").isPresent());

        categories.fit("widget", List.of(image(fixtures, "ref-1"), image(fixtures, "ref-2")));
        DetectionResult result = detector.detect(new DetectionRequest("method-in-karaf", "part", "widget",
                image(fixtures, "query")));

        Path expected = fixtures.resolve(CASE);
        for (MapRole role : List.of(MapRole.CLIP_LANGUAGE, MapRole.CLIP_VISION, MapRole.DIFFUSION_LANGUAGE,
                MapRole.DIFFUSION_VISION)) {
            AnomalyMap map = result.componentMaps().get(role);
            assertNotNull(role + " missing from " + result.componentMaps().keySet(), map);
            assertClose(NpyArray.read(expected.resolve(role.name() + ".npy")).toFloatArray(), map.values(),
                    role.name());
        }
        assertClose(NpyArray.read(expected.resolve("FUSED.npy")).toFloatArray(), result.map().values(), "fused");
        double score = Double.parseDouble(cases.getProperty(CASE + ".imageScore"));
        assertEquals("image score", score, result.imageScore(), 1e-4 + 1e-5 * Math.abs(score));
        System.out.printf("method in Karaf: %s, image score %.6f (reference %.6f), categoryVersion %s%n", CASE,
                result.imageScore(), score, result.provenance().categoryVersion());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(what + ": size", expected.length, actual.length);
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        double tolerance = 1e-4 + 1e-5 * scale;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(what + ": cell " + i + " reference " + expected[i] + ", got " + actual[i] + ", allowed "
                    + tolerance, Math.abs(expected[i] - actual[i]) <= tolerance);
        }
    }

    private static InspectionImage image(Path fixtures, String name) throws Exception {
        RgbImage rgb = ImageDecoder.decode(fixtures.resolve(name + ".png"));
        return new InspectionImage(name, rgb.width(), rgb.height(), rgb.rgbBytes(), Map.of());
    }
}
