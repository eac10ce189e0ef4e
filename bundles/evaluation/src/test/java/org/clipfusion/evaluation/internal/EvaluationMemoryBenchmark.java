package org.clipfusion.evaluation.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.clipfusion.datasets.SyntheticDatasetGenerator;
import org.clipfusion.datasets.SyntheticSpec;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.PixelMetrics;
import org.clipfusion.metrics.PixelMetricsAccumulator;

/**
 * Not a test: a category of 100 test images at 1024×1024 (100 M ground-truth pixels) evaluated at the masks' own
 * resolution in a heap far smaller than an exact, sort-all-pixels evaluation would need (the scores alone are 400 MB
 * as floats), printing the peak heap. Run with {@code mvn -o -f bundles/evaluation/pom.xml -Pbenchmark verify}; the
 * profile gives the JVM {@code -Xmx256m}.
 */
public final class EvaluationMemoryBenchmark {
    private static final int SIDE = 1024;
    private static final int NORMAL = 50;
    private static final int DEFECTIVE = 50;
    private static final int MAP_GRID = 256;

    private EvaluationMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("clipfusion-eval-memory");
        long t0 = System.nanoTime();
        SyntheticDatasetGenerator.generate(work.resolve("data"), new SyntheticSpec(List.of("synthetic_tile"), SIDE,
                1, NORMAL, DEFECTIVE, 11));
        System.out.printf(Locale.ROOT, "generated %d test images of %dx%d in %.1f s%n", NORMAL + DEFECTIVE, SIDE, SIDE,
                (System.nanoTime() - t0) / 1e9);
        resetPeaks();
        RecordingCategories categories = new RecordingCategories();
        EvaluationPlan plan = new EvaluationPlan(work.resolve("data"), null, List.of(), 0, List.of(0L),
                work.resolve("out"), "", 0, 3, PixelMetricsAccumulator.DEFAULT_BINS);
        long t1 = System.nanoTime();
        RunResult run = new Evaluation(new BrightnessDetector(MAP_GRID), categories, categories)
                .run(plan, new EvaluationListener() { }).runs().get(0);
        double seconds = (System.nanoTime() - t1) / 1e9;
        PixelMetrics pixel = run.pixelMetrics().orElseThrow(() -> new IllegalStateException(run.failure()
                .orElse("no pixel metrics")));
        System.out.printf(Locale.ROOT, "evaluated %d images (%d anomalous), %,d ground-truth pixels, in %.1f s%n",
                run.images(), run.anomalous(), pixel.normalPixels() + pixel.anomalousPixels(), seconds);
        System.out.printf(Locale.ROOT, "pixel AUROC %.4f (bound %.1e), AUPRO %.4f (bound %.1e), F1-max %.4f%n",
                pixel.auroc(), pixel.aurocErrorBound(), pixel.aupro(), pixel.auproErrorBound(), pixel.f1Max());
        System.out.printf(Locale.ROOT, "peak heap during the evaluation: %.1f MiB (max heap %.0f MiB); the scores "
                + "alone, as floats, would be %.0f MiB%n", peakHeap() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0,
                4.0 * (pixel.normalPixels() + pixel.anomalousPixels()) / 1048576.0);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the peak of their sum. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
