package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.engine.CategoryManager;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The issue's promise, "deploy a new model, fusion bundle or sink without stopping the line", checked through the
 * distribution under load, one Karaf boot for all three:
 * <ul>
 *   <li>two real SameDiff scorers (the tiny models) while the clip and diffusion bundles are restarted and updated and
 *   PatchCLIP is pointed at another model: no request fails, and each result's score is the one of the model its
 *   provenance names (the second model normalises differently, so their scores differ);</li>
 *   <li>a higher-ranked fusion bundle (a build that doubles its output, so its results are recognisable): no request
 *   fails, a calibrated category keeps its strategy and its decisions until it is refitted, and when the strategy its
 *   calibration belongs to goes away it says so once in the log and in {@code clipfusion:categories};</li>
 *   <li>the sinks bundle updated and restarted: every acknowledged result reaches a sink exactly once.</li>
 * </ul>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ZeroDowntimeSwapIT extends ClipFusionKarafSupport {
    private static final long MODEL_WAIT_MILLIS = 300_000;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    /** A request's outcome. */
    private record Outcome(String requestId, String category, long startNanos, long endNanos, DetectionResult result,
                           Throwable failure) {
    }

    /** Threads that send detections until stopped, recording every outcome. */
    private static final class Load implements AutoCloseable {
        final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;
        private final AtomicInteger sequence = new AtomicInteger();

        Load(Detector detector, String prefix, List<String> categories, InspectionImage image, int threadCount,
             long pauseMillis) {
            for (int t = 0; t < threadCount; t++) {
                Thread thread = new Thread(() -> {
                    while (running) {
                        int n = sequence.incrementAndGet();
                        String category = categories.get(n % categories.size());
                        String id = prefix + "-" + n;
                        long start = System.nanoTime();
                        try {
                            DetectionResult result = detector.detect(new DetectionRequest(id, "", category, image));
                            outcomes.add(new Outcome(id, category, start, System.nanoTime(), result, null));
                        } catch (Throwable e) {
                            outcomes.add(new Outcome(id, category, start, System.nanoTime(), null, e));
                        }
                        sleep(pauseMillis);
                    }
                }, prefix + "-load-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        int size() {
            return outcomes.size();
        }

        /** Lets {@code count} more requests complete. */
        void settle(int count, long timeoutMillis) throws InterruptedException {
            int target = size() + count;
            await(count + " more detections", timeoutMillis, () -> size() >= target);
        }

        List<Outcome> snapshot() {
            synchronized (outcomes) {
                return new ArrayList<>(outcomes);
            }
        }

        List<Throwable> failures() {
            return snapshot().stream().filter(o -> o.failure() != null).map(Outcome::failure).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(MODEL_WAIT_MILLIS);
            }
        }
    }

    // --- (a) scorer bundles restarted and updated, a model configuration changed -------------------------------

    @Test
    public void modelSwapsUnderLoadFailNoRequestAndEveryResultNamesTheModelItRanOn() throws Exception {
        Path parity = Path.of(System.getProperty(PARITY_PROPERTY));
        Path modelB = secondClipModel(parity.resolve("open_clip"));
        configurePatchClip(parity.resolve("open_clip"), "tiny-open_clip-a");
        configure(configurationAdmin, "org.clipfusion.diffusion.mapdiff", Map.of(
                "modelDirectory", parity.toString(), "modelId", "tiny-stable-diffusion", "imageSize", 32,
                "featureLayers", new String[] {"up_blocks.0", "up_blocks.1"}));
        configureCategory(configurationAdmin, "swap", Map.of("scorers", new String[] {"patchclip", "mapdiff"},
                "thresholdMode", "value", "threshold", 0.5, "deliverToSinks", false));
        Detector detector = awaitService(Detector.class, null);
        InspectionImage image = gradient();
        await("a first detection on both models", MODEL_WAIT_MILLIS,
                () -> detectQuietly(detector, "swap", image) != null);
        double scoreA = detectQuietly(detector, "swap", image).imageScore();

        try (Load load = new Load(detector, "swap", List.of("swap"), image, 2, 0)) {
            load.settle(30, MODEL_WAIT_MILLIS);
            restart("org.clipfusion.clip");
            load.settle(40, MODEL_WAIT_MILLIS);
            update("org.clipfusion.diffusion");
            load.settle(40, MODEL_WAIT_MILLIS);
            configurePatchClip(modelB, "tiny-open_clip-b");
            await("results on model b", MODEL_WAIT_MILLIS, () -> {
                List<Outcome> all = load.snapshot();
                Outcome last = all.get(all.size() - 1);
                return last.result() != null && clipModel(last.result()).id().equals("tiny-open_clip-b");
            });
            load.settle(40, MODEL_WAIT_MILLIS);
            restart("org.clipfusion.diffusion");
            load.settle(40, MODEL_WAIT_MILLIS);
            update("org.clipfusion.clip");
            load.settle(40, MODEL_WAIT_MILLIS);
            await("300 detections", MODEL_WAIT_MILLIS, () -> load.size() >= 300);
            load.close();

            assertTrue("failed requests: " + load.failures(), load.failures().isEmpty());
            List<Outcome> outcomes = load.snapshot();
            assertTrue("only " + outcomes.size() + " detections", outcomes.size() >= 300);
            Double scoreB = null;
            Map<String, Integer> perModel = new ConcurrentHashMap<>();
            for (Outcome outcome : outcomes) {
                DetectionResult result = outcome.result();
                ModelInfo clip = clipModel(result);
                assertTrue(result.provenance().models().toString(), result.provenance().models().subList(1,
                        result.provenance().models().size()).stream().allMatch(m -> m.id().startsWith(
                        "tiny-stable-diffusion/")));
                perModel.merge(clip.id(), 1, Integer::sum);
                if (clip.id().equals("tiny-open_clip-a")) {
                    assertEquals(parity.resolve("open_clip/model.safetensors").toString(), clip.file());
                    assertEquals("score of a result naming model a", scoreA, result.imageScore(), 1e-5);
                } else {
                    assertEquals("tiny-open_clip-b", clip.id());
                    assertEquals(modelB.resolve("model.safetensors").toString(), clip.file());
                    if (scoreB == null) {
                        scoreB = result.imageScore();
                    }
                    assertEquals("score of a result naming model b", scoreB, result.imageScore(), 1e-5);
                }
            }
            assertTrue("no result ran on model b: " + perModel, scoreB != null);
            assertNotEquals("the two models must score the image differently", scoreA, scoreB, 1e-3);
            assertTrue(perModel.toString(), perModel.getOrDefault("tiny-open_clip-a", 0) >= 50);
        }
        // The shell bundle may be coming back from the refresh that the clip update caused.
        await("clipfusion:status naming model b", 60_000, () -> commandOutput("clipfusion:status")
                .matches("(?s).*patchclip\\s+serving tiny-open_clip-b in .*"));
        await("clipfusion:models with the state", 60_000, () -> commandOutput("clipfusion:models")
                .contains("serving tiny-stable-diffusion in"));
    }

    // --- (b) a higher-ranked fusion bundle installed under load -------------------------------------------------

    @Test
    public void aHigherRankedFusionBundleNeverSilentlyVoidsADecision() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true));
        configureCategory(configurationAdmin, "calibrated", Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID},
                "thresholdMode", "references-fpr", "targetFalsePositiveRate", 0.4, "deliverToSinks", false));
        configureCategory(configurationAdmin, "follower", Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID},
                "deliverToSinks", false));
        Detector detector = awaitService(Detector.class, null);
        CategoryManager categories = awaitService(CategoryManager.class, null);
        await("both categories", 60_000, () -> detector.categories().containsAll(List.of("calibrated", "follower")));
        List<InspectionImage> references = List.of(ItestImages.grey("ref-1", 90), ItestImages.grey("ref-2", 110));
        await("the brightness scorer", 60_000, () -> fitQuietly(categories, references));
        InspectionImage image = ItestImages.grey("img", 140);
        DetectionResult baseline = detectQuietly(detector, "calibrated", image);
        assertEquals("weighted-sum", baseline.provenance().fusionStrategy());
        assertNotEquals(Decision.UNDECIDED, baseline.decision());
        double calibratedValue = baseline.map().max(); // |140 - 100| / 255 everywhere
        assertEquals(40 / 255.0, calibratedValue, 1e-4);

        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        File jar = new File(System.getProperty(FUSION_BUNDLE_PROPERTY));
        try (Load load = new Load(detector, "rank", List.of("calibrated", "follower"), image, 2, 10)) {
            load.settle(60, 60_000);
            long installed = System.nanoTime();
            Bundle fusion = context.installBundle("file:" + jar.getAbsolutePath(), HotSwapIT.withVariant(jar, "2"));
            fusion.start();
            await("the follower on the new strategy", 60_000, () -> {
                Outcome last = lastOf(load, "follower");
                return last != null && last.result().provenance().fusionStrategy().equals("itest-scaled-max");
            });
            load.settle(100, 60_000);
            String listing = executeCommand("clipfusion:categories");
            assertTrue(listing, listing.matches("(?s).*calibrated[^\\n]*weighted-sum \\(calibrated with\\).*"));

            long refitted = System.nanoTime();
            categories.fit("calibrated", references);
            long refitDone = System.nanoTime();
            load.settle(100, 60_000);

            long uninstalling = System.nanoTime();
            fusion.uninstall();
            long uninstalled = System.nanoTime();
            load.settle(100, 60_000);
            load.close();

            assertTrue("failed requests: " + load.failures(), load.failures().isEmpty());
            int checked = 0;
            for (Outcome outcome : load.snapshot()) {
                DetectionResult result = outcome.result();
                String strategy = result.provenance().fusionStrategy();
                double value = result.map().max();
                if (outcome.category().equals("follower")) {
                    // Not calibrated: it follows the highest-ranked strategy; each result's values are its own.
                    assertEquals(strategy.equals("itest-scaled-max") ? 2 * 140 / 255.0 : 140 / 255.0, value, 1e-4);
                    continue;
                }
                if (outcome.endNanos() < refitted) {
                    // Installed or not, the category keeps the strategy its threshold was calibrated with.
                    assertEquals("weighted-sum", strategy);
                    assertEquals(calibratedValue, value, 1e-4);
                    assertNotEquals(Decision.UNDECIDED, result.decision());
                    checked += outcome.startNanos() > installed ? 1 : 0;
                } else if (outcome.startNanos() > refitDone && outcome.endNanos() < uninstalling) {
                    // Refitted: calibrated for the new strategy, decisions again.
                    assertEquals("itest-scaled-max", strategy);
                    assertEquals(2 * calibratedValue, value, 1e-4);
                    assertNotEquals(Decision.UNDECIDED, result.decision());
                } else if (outcome.startNanos() > uninstalled) {
                    // The strategy of its calibration left: no threshold, and the result says why.
                    assertEquals("weighted-sum", strategy);
                    assertEquals(ThresholdSource.UNSET, result.threshold().source());
                    assertTrue(result.threshold().detail(), result.threshold().detail().contains("no longer applies"));
                }
            }
            assertTrue("too few calibrated requests under the new bundle: " + checked, checked >= 20);
        }
        String listing = executeCommand("clipfusion:categories");
        assertTrue(listing, listing.matches("(?s).*calibrated[^\\n]*unset: thresholdMode=references-fpr: the"
                + " calibration of [^\\n]* no longer applies \\([^\\n]*fusionStrategy itest-scaled-max ->"
                + " weighted-sum.*"));
        Path log = Path.of(System.getProperty("karaf.log"), "karaf.log");
        String warning = "category 'calibrated' has no valid threshold any more";
        await("the WARN in " + log, 30_000, () -> countLines(log, warning) >= 1);
        Thread.sleep(1000);
        assertEquals("WARN lines naming the category", 1, countLines(log, warning));
    }

    // --- (c) the sinks bundle updated under load ---------------------------------------------------------------

    @Test
    public void everyAcknowledgedResultReachesTheSinksExactlyOnceAcrossASinksUpdate() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true));
        configureCategory(configurationAdmin, "recorded", Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID}));
        Detector detector = awaitService(Detector.class, null);
        await("category recorded", 60_000, () -> detector.categories().contains("recorded"));
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ID, "itest-counter");
        ServiceRegistration<ResultSink> sink = context.registerService(ResultSink.class, new ResultSink() {
            @Override
            public String id() {
                return "itest-counter";
            }

            @Override
            public void deliver(DetectionResult result) {
                deliveries.computeIfAbsent(result.requestId(), id -> new AtomicInteger()).incrementAndGet();
            }
        }, properties);
        try {
            // The outbox learns of the sink asynchronously: a result appended before that would not be its.
            await("the outbox serving the counting sink", 60_000, () -> {
                detectQuietly(detector, "recorded", ItestImages.grey("probe", 100));
                return !deliveries.isEmpty();
            });
            deliveries.clear();
            Set<String> acknowledged;
            try (Load load = new Load(detector, "sink", List.of("recorded"), ItestImages.grey("img", 100), 2, 10)) {
                load.settle(60, 60_000);
                update("org.clipfusion.sinks");
                load.settle(60, 120_000);
                restart("org.clipfusion.sinks");
                load.settle(60, 120_000);
                load.close();
                assertTrue("failed requests: " + load.failures(), load.failures().isEmpty());
                acknowledged = new HashSet<>();
                load.snapshot().forEach(outcome -> acknowledged.add(outcome.requestId()));
            }
            await("every acknowledged result delivered", 120_000,
                    () -> deliveries.keySet().containsAll(acknowledged));
            Thread.sleep(2000); // a late duplicate would show now
            for (String id : acknowledged) {
                assertEquals("deliveries of " + id, 1, deliveries.get(id).get());
            }
            Set<String> unexpected = new HashSet<>(deliveries.keySet());
            unexpected.removeAll(acknowledged);
            unexpected.removeIf(id -> id.startsWith("warm-up-")); // the probes that waited for the sink
            assertTrue("delivered but never acknowledged: " + unexpected, unexpected.isEmpty());
            assertTrue("only " + acknowledged.size() + " results", acknowledged.size() >= 180);
        } finally {
            sink.unregister();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** What {@code bundle:restart NAME} does (the probe's shell session may not run bundle commands). */
    private static void restart(String symbolicName) throws Exception {
        Bundle bundle = bundleNamed(symbolicName);
        bundle.stop();
        bundle.start();
    }

    /** What {@code bundle:update NAME} does: update from its location, then refresh it and what is wired to it. */
    private static void update(String symbolicName) throws Exception {
        Bundle bundle = bundleNamed(symbolicName);
        bundle.update();
        BundleContext context = FrameworkUtil.getBundle(ZeroDowntimeSwapIT.class).getBundleContext();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle),
                event -> refreshed.countDown());
        assertTrue("refresh of " + symbolicName, refreshed.await(120, TimeUnit.SECONDS));
    }

    private String commandOutput(String command) {
        try {
            return executeCommand(command);
        } catch (Exception e) {
            return "";
        }
    }

    private static Bundle bundleNamed(String symbolicName) {
        BundleContext context = FrameworkUtil.getBundle(ZeroDowntimeSwapIT.class).getBundleContext();
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private void configurePatchClip(Path directory, String modelId) throws Exception {
        configure(configurationAdmin, "org.clipfusion.clip.patchclip", Map.of("modelDirectory", directory.toString(),
                "modelId", modelId));
    }

    /** The tiny open_clip model with another normalisation: the same weights, different scores. */
    private static Path secondClipModel(Path original) throws Exception {
        Path copy = Files.createTempDirectory("clipfusion-model-b");
        for (String name : List.of("config.json", "model.safetensors")) {
            Files.copy(original.resolve(name), copy.resolve(name));
        }
        Files.writeString(copy.resolve("preprocess_cfg.json"), "{\"size\": [48, 48], \"mode\": \"RGB\","
                + " \"mean\": [0.1, 0.9, 0.5], \"std\": [0.1, 0.1, 0.1], \"interpolation\": \"bicubic\","
                + " \"resize_mode\": \"shortest\", \"fill_color\": 0}");
        return copy;
    }

    private static ModelInfo clipModel(DetectionResult result) {
        return result.provenance().models().get(0);
    }

    /** A diagonal gradient with a bright square: structure every model sees differently. */
    private static InspectionImage gradient() {
        int size = 64;
        byte[] rgb = new byte[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = 3 * (y * size + x);
                boolean spot = x > 40 && x < 52 && y > 10 && y < 22;
                rgb[i] = (byte) (spot ? 255 : x * 3);
                rgb[i + 1] = (byte) (spot ? 255 : y * 3);
                rgb[i + 2] = (byte) ((x + y) * 2);
            }
        }
        return new InspectionImage("gradient", size, size, rgb, Map.of());
    }

    private static DetectionResult detectQuietly(Detector detector, String category, InspectionImage image) {
        try {
            return detector.detect(new DetectionRequest("warm-up-" + System.nanoTime(), "", category, image));
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean fitQuietly(CategoryManager categories, List<InspectionImage> references) {
        try {
            categories.fit("calibrated", references);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Outcome lastOf(Load load, String category) {
        List<Outcome> all = load.snapshot();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).category().equals(category) && all.get(i).result() != null) {
                return all.get(i);
            }
        }
        return null;
    }

    private static long countLines(Path log, String text) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static void await(String what, long timeoutMillis, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis / 1000 + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
