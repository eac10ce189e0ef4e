package org.clipfusion.diffusion.mapdiff.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerStatus;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component: configuration to settings, and a service only when the model loaded. */
class MapDiffComponentTest {

    @Test
    void anEmptyConfigurationTakesTheMethodDefaults() {
        MapDiffSettings settings = MapDiffComponent.settings(config(Map.of("modelDirectory", "/nowhere")));

        assertEquals(MapDiffSettings.DEFAULT_PROMPTS, settings.prompts());
        assertEquals(List.of("damaged"), settings.prompts().get(0).anomalyWords());
        assertEquals(List.of("up_blocks.1", "up_blocks.2"), settings.featureLayers());
        assertTrue(settings.attentionLayers().isEmpty());
        assertEquals(512, settings.imageSize());
        assertEquals(100, settings.timestep());
        assertEquals(PaddingConvention.STABLE_DIFFUSION_1, settings.padding());
        assertEquals("printed circuit board", settings.objectNames().objectName("pcb1", "pcb1"));
    }

    @Test
    void layerListsWrittenWithCommasInACfgFileAreSplit() {
        // Karaf hands "featureLayers = up_blocks.0, up_blocks.1" from a .cfg file over as one string, which DS
        // turns into an array of one element.
        MapDiffSettings settings = MapDiffComponent.settings(config(Map.of("modelDirectory", "/nowhere",
                "featureLayers", new String[] {"up_blocks.0, up_blocks.1"},
                "attentionLayers", new String[] {"up_blocks.1"})));

        assertEquals(List.of("up_blocks.0", "up_blocks.1"), settings.featureLayers());
        assertEquals(List.of("up_blocks.1"), settings.attentionLayers());
    }

    @Test
    void promptsPairWithTheirAnomalyWords() {
        MapDiffSettings settings = MapDiffComponent.settings(config(Map.of("modelDirectory", "/nowhere",
                "prompts", new String[] {"a photo of a {} with a crack and a dent", "a scratched {}"},
                "anomalyWords", new String[] {"crack|dent", "scratched"}, "paddingConvention", "SD2")));

        assertEquals(List.of("crack", "dent"), settings.prompts().get(0).anomalyWords());
        assertEquals(List.of("scratched"), settings.prompts().get(1).anomalyWords());
        assertEquals(PaddingConvention.STABLE_DIFFUSION_2, settings.padding());
    }

    @Test
    void promptsWithCommasCanBeWrittenInArraySyntaxInACfgFile() {
        // Beside plain values such as modelDirectory, Karaf delivers a typed list from a .cfg file as one string.
        MapDiffSettings settings = MapDiffComponent.settings(config(Map.of("modelDirectory", "/nowhere",
                "prompts", new String[] {"[ \"a {}, with a crack\", \"a scratched {}\" ]"},
                "anomalyWords", new String[] {"crack, scratched"})));

        assertEquals("a {}, with a crack", settings.prompts().get(0).template());
        assertEquals(List.of("crack"), settings.prompts().get(0).anomalyWords());
        assertEquals(List.of("scratched"), settings.prompts().get(1).anomalyWords());
    }

    @Test
    void promptsAndAnomalyWordsOfDifferentCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapDiffComponent.settings(config(Map.of("modelDirectory", "/nowhere",
                        "prompts", new String[] {"a {} with a crack", "a scratched {}"},
                        "anomalyWords", new String[] {"crack"}))));
        assertTrue(e.getMessage().contains("2 prompts but 1"), e.getMessage());
    }

    @Test
    void aBadModelDirectoryRegistersNoScorerAndItsStatusSaysWhy(@TempDir Path empty) throws Exception {
        List<Object> registered = new ArrayList<>();
        MapDiffComponent component = new MapDiffComponent();

        component.activate(bundleContext(registered), config(Map.of("modelDirectory", empty.toString())));
        try {
            // The model loads on the loader thread: wait for its outcome.
            ScorerStatus status = (ScorerStatus) registered.get(0);
            awaitTrue(() -> status.state() == ScorerStatus.State.FAILED);
            assertTrue(status.detail().contains(empty.toString()), status.detail());
            assertEquals(1, registered.size(), "registered " + registered);
        } finally {
            component.deactivate();
        }
    }

    @Test
    void theTinyModelIsPublishedAsAScorerWithItsId() throws Exception {
        List<Object> registered = new ArrayList<>();
        MapDiffComponent component = new MapDiffComponent();

        component.activate(bundleContext(registered), config(Map.of(
                "modelDirectory", TinyMapDiff.modelDirectory().toString(), "id", "mapdiff-tiny", "imageSize", 32,
                "featureLayers", TinyMapDiff.FEATURE_LAYERS.toArray(new String[0]))));
        try {
            ScorerStatus status = (ScorerStatus) registered.get(0);
            awaitTrue(() -> status.state() != ScorerStatus.State.LOADING);
            assertEquals(ScorerStatus.State.SERVING, status.state(), status.detail());
            assertEquals(2, registered.size(), "registered " + registered);
            Scorer scorer = (Scorer) registered.get(1);
            assertEquals("mapdiff-tiny", scorer.id());
            assertEquals(3, scorer.models().size());
        } finally {
            component.deactivate();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for the model load");
            Thread.sleep(20);
        }
    }

    private static MapDiffConfig config(Map<String, Object> values) {
        return ConfigAnnotations.of(MapDiffConfig.class, values);
    }

    /** A bundle context that records the services registered with it and answers nothing else. */
    private static BundleContext bundleContext(List<Object> registered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                ServiceRegistration.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        Dictionary<?, ?> properties = (Dictionary<?, ?>) args[2];
                        assertNotNull(properties.get(ServiceProperties.ID));
                        assertEquals(args[1] instanceof Scorer scorer ? scorer.id()
                                : ((ScorerStatus) args[1]).scorerId(), properties.get(ServiceProperties.ID));
                        registered.add(args[1]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
