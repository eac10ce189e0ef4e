package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Zero-downtime swaps: while four threads run detections, a second fusion bundle is installed (it outranks the
 * shipped strategies), updated to a build that scales its output by 2, overridden by configuration, released, and
 * uninstalled. Every request must complete, and each result must name — and carry the values of — the strategy that
 * was in force when it ran. The image (grey 0.4 with a white corner) and the scorer's two maps (brightness B and
 * B²) make the strategies' values differ: weighted-sum gives B + B² (2.0 in the corner, 0.56 elsewhere), max gives
 * B (1.0, 0.4), the scaled build twice that.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends ClipFusionKarafSupport {
    private static final String CATEGORY = "hotswap";
    private static final int GREY = 102; // brightness 0.4 outside the white corner

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    /** {@code mapValue}: the fused map's value outside the white corner; {@code mapMax}: in it. */
    private record Observation(long startNanos, long endNanos, String strategy, double mapValue, double mapMax) {
    }

    @Test
    public void strategiesSwapUnderLoadWithoutAFailedRequest() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true, "squaredVisionMap", true));
        configureCategory(configurationAdmin, CATEGORY, Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID}));
        Detector detector = awaitService(Detector.class, null);
        awaitCondition("category " + CATEGORY, () -> detector.categories().contains(CATEGORY));
        awaitCondition("a first detection", () -> detectQuietly(detector) != null);

        List<Observation> observations = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int thread = 0; thread < 4; thread++) {
            load.execute(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        DetectionResult result = detector.detect(new DetectionRequest("req-" + sequence
                                .incrementAndGet(), "", CATEGORY, ItestImages.greyWithWhiteCorner("img", GREY)));
                        observations.add(new Observation(start, System.nanoTime(),
                                result.provenance().fusionStrategy(), outsideTheCorner(result), result.map().max()));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
        }

        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        File jar = new File(System.getProperty(FUSION_BUNDLE_PROPERTY));
        // {switch began at, switch completed at, phase index}: requests that overlap a switch may see either side of
        // it; every other request must see exactly the phase's strategy.
        List<long[]> phases = new ArrayList<>();
        String[] expectedStrategy = {"weighted-sum", "itest-scaled-max", "itest-scaled-max", "max", "weighted-sum"};
        double[] expectedValue = {0.56, 0.4, 0.8, 0.4, 0.56};
        double[] expectedMax = {2.0, 1.0, 2.0, 1.0, 2.0};

        phases.add(new long[] {System.nanoTime(), System.nanoTime(), 0});
        settle(observations, 60);

        long switching = System.nanoTime();
        Bundle fusion = context.installBundle("file:" + jar.getAbsolutePath());
        fusion.start();
        awaitLatest(observations, "itest-scaled-max", 0.4);
        phases.add(new long[] {switching, System.nanoTime(), 1});
        settle(observations, 60);

        switching = System.nanoTime();
        fusion.update(withVariant(jar, "2"));
        awaitLatest(observations, "itest-scaled-max", 0.8);
        phases.add(new long[] {switching, System.nanoTime(), 2});
        settle(observations, 60);

        switching = System.nanoTime();
        configureCategory(configurationAdmin, CATEGORY, Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID},
                "fusionStrategy", "max"));
        awaitLatest(observations, "max", 0.4);
        phases.add(new long[] {switching, System.nanoTime(), 3});
        settle(observations, 60);

        switching = System.nanoTime();
        configureCategory(configurationAdmin, CATEGORY, Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID}));
        fusion.uninstall();
        awaitLatest(observations, "weighted-sum", 0.56);
        phases.add(new long[] {switching, System.nanoTime(), 4});
        while (observations.size() < 500) {
            Thread.sleep(50);
        }
        settle(observations, 60);

        running.set(false);
        load.shutdown();
        assertTrue("load threads did not stop", load.awaitTermination(60, TimeUnit.SECONDS));

        assertTrue("failed requests: " + failures, failures.isEmpty());
        assertTrue("only " + observations.size() + " detections", observations.size() >= 500);
        // A request that ran entirely within a phase must see that phase's strategy, and only it.
        int checked = 0;
        for (Observation observation : new ArrayList<>(observations)) {
            int phase = phaseOf(phases, observation);
            if (phase < 0) {
                continue;
            }
            assertEquals("strategy of a request in phase " + phase, expectedStrategy[phase], observation.strategy());
            assertEquals("map value of a request in phase " + phase, expectedValue[phase], observation.mapValue(),
                    1e-4);
            assertEquals("map maximum of a request in phase " + phase, expectedMax[phase], observation.mapMax(), 1e-4);
            checked++;
        }
        assertTrue("too few requests checked: " + checked, checked >= 250);
    }

    /**
     * The phase a request ran in entirely: it started after that phase's switch had completed and ended before the
     * next switch began; -1 when it overlapped a switch. (Its start alone is not enough: a thread can be descheduled
     * between taking its start time and reading the category, and then read the next phase's configuration.)
     */
    private static int phaseOf(List<long[]> phases, Observation observation) {
        for (int i = 0; i < phases.size(); i++) {
            boolean startedAfterSwitch = phases.get(i)[1] <= observation.startNanos();
            boolean endedBeforeNextSwitch = i + 1 == phases.size()
                    || observation.endNanos() <= phases.get(i + 1)[0];
            if (startedAfterSwitch && endedBeforeNextSwitch) {
                return (int) phases.get(i)[2];
            }
        }
        return -1;
    }

    /** Waits until the newest completed request used {@code strategy} with the given map value. */
    private static void awaitLatest(List<Observation> observations, String strategy, double value)
            throws InterruptedException {
        awaitCondition(strategy + " producing " + value, () -> {
            synchronized (observations) {
                if (observations.isEmpty()) {
                    return false;
                }
                Observation latest = observations.get(observations.size() - 1);
                return latest.strategy().equals(strategy) && Math.abs(latest.mapValue() - value) < 1e-4;
            }
        });
    }

    /** Lets at least {@code count} more requests complete in the current phase. */
    private static void settle(List<Observation> observations, int count) throws InterruptedException {
        int target = observations.size() + count;
        awaitCondition(count + " more detections", () -> observations.size() >= target);
    }

    private static double outsideTheCorner(DetectionResult result) {
        return result.map().at(result.map().width() - 1, result.map().height() - 1);
    }

    private static DetectionResult detectQuietly(Detector detector) {
        try {
            return detector.detect(new DetectionRequest("warm-up", "", CATEGORY,
                    ItestImages.greyWithWhiteCorner("img", GREY)));
        } catch (Exception e) {
            return null;
        }
    }

    /** The same bundle with the variant header the strategy scales its output by (an "updated build"). */
    static InputStream withVariant(File jar, String variant) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar.toPath()))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("ClipFusion-Itest-Variant"), variant);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return new java.io.ByteArrayInputStream(bytes.toByteArray());
    }
}
