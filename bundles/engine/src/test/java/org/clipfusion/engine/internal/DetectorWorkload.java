package org.clipfusion.engine.internal;

import static org.clipfusion.engine.internal.MethodReferenceTest.properties;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.fusion.internal.WeightedSumFusion;
import org.clipfusion.runtime.internal.DeadTensorCollector;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;
import org.clipfusion.testing.ConfigAnnotations;
import org.clipfusion.testing.DsComponents;
import org.clipfusion.testing.SharedFixtures;
import org.clipfusion.testing.WorkloadTimer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java side of {@code bench/compare}'s {@code clipfusion-zero-shot}: one zero-shot inspection of a 512² photo
 * through the {@link Detector} service path, as a line runs it. The engine has the distribution's defaults; PatchCLIP
 * and MapDiff are built by their DS components from the full-size random-weight checkpoints that {@code
 * CompareWorkloads prepare} wrote; the category fuses both with the weighted sum. The timed call is {@code detect}:
 * both scorers, the maps, fusion and the image score (the category's text prototypes and prompt embeddings are made
 * once, in the warm-up, and cached, as on a line). A benchmark, not a test.
 *
 * <p>Usage: {@code DetectorWorkload MODELS_DIR RUNS WARMUPS}; prints one JSON line (see {@link WorkloadTimer}).
 */
public final class DetectorWorkload {
    static final String NAME = "clipfusion-zero-shot";
    private static final String QUERY = "samples/hazelnut-toy/crack.jpg";
    private static final String WEIGHTED_SUM = "weighted-sum";
    private static final int GC_WINDOW_MILLIS = 5000;

    private DetectorWorkload() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream json = System.out;
        System.setOut(System.err);
        if (args.length != 3) {
            System.err.println("usage: DetectorWorkload MODELS_DIR RUNS WARMUPS");
            System.exit(2);
        }
        run(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), json);
        // ND4J's native threads are not all daemons.
        System.exit(0);
    }

    private static void run(Path models, int runs, int warmUps, PrintStream json) throws Exception {
        long setupStart = System.nanoTime();
        // As the distribution's runtime does (etc/org.clipfusion.runtime.cfg, gcWindowMillis = 5000): ND4J frees a
        // buffer nobody closed when its Java object is collected, and a small, quiet heap collects too rarely.
        // -Dbench.gcWindowMillis=0 to compare without.
        int gcWindowMillis = Integer.getInteger("bench.gcWindowMillis", GC_WINDOW_MILLIS);
        DeadTensorCollector collector = gcWindowMillis > 0 ? DeadTensorCollector.start(gcWindowMillis) : null;
        Path data = Files.createTempDirectory("clipfusion-bench-");
        DetectionEngine engine = new DetectionEngine();
        // The distribution's engine defaults; -Dbench.scorerThreads=N to compare another value.
        List<Object> config = new ArrayList<>(List.of("dataDirectory", data.toString()));
        if (Integer.getInteger("bench.scorerThreads") != null) {
            config.addAll(List.of("scorerThreads", Integer.getInteger("bench.scorerThreads")));
        }
        engine.activate(null, ConfigAnnotations.of(EngineConfig.class, config.toArray()));
        List<DsComponents.Activated> components = new ArrayList<>();
        try {
            components.add(DsComponents.activate("org.clipfusion.clip.internal.PatchClipComponent",
                    "org.clipfusion.clip.internal.PatchClipConfig", "modelDirectory",
                    models.resolve("open_clip").toString(), "modelId", "bench/open_clip-random"));
            components.add(DsComponents.activate("org.clipfusion.diffusion.mapdiff.internal.MapDiffComponent",
                    "org.clipfusion.diffusion.mapdiff.internal.MapDiffConfig", "modelDirectory",
                    models.resolve("sd15").toString(), "modelId", "bench/sd15-random"));
            long serviceId = 1;
            for (DsComponents.Activated component : components) {
                Scorer scorer = (Scorer) component.service();
                engine.bindScorer(scorer, properties(scorer.id(), serviceId++));
            }
            engine.bindFusionStrategy(new WeightedSumFusion(), properties(WEIGHTED_SUM, serviceId));
            CategoryComponent category = new CategoryComponent();
            category.setRegistry(engine);
            category.activate(ConfigAnnotations.of(CategoryConfig.class, "name", "hazelnut", "scorers",
                    new String[] {"patchclip", "mapdiff"}, "fusionStrategy", WEIGHTED_SUM,
                    "deliverToSinks", false), Map.of());
            RgbImage rgb = ImageDecoder.decode(SharedFixtures.shared(QUERY));
            InspectionImage image = new InspectionImage("crack.jpg", rgb.width(), rgb.height(), rgb.rgbBytes(),
                    Map.of());
            Detector detector = engine;
            int[] requests = {0};
            WorkloadTimer.time(NAME, () -> {
                DetectionResult result = detector.detect(new DetectionRequest("bench-" + ++requests[0], "part",
                        "hazelnut", image));
                if (requests[0] == 1) {
                    System.err.println("# first result: score " + result.imageScore() + ", maps "
                            + result.componentMaps().keySet());
                }
            }, runs, warmUps, (System.nanoTime() - setupStart) / 1e9, Nd4j.getEnvironment().maxThreads(), json);
            category.deactivate();
        } finally {
            for (DsComponents.Activated component : components) {
                component.deactivate();
            }
            engine.deactivate();
            if (collector != null) {
                collector.close();
            }
        }
    }
}
