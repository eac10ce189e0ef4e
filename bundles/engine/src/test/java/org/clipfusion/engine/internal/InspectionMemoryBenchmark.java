package org.clipfusion.engine.internal;

import static org.clipfusion.engine.internal.MethodReferenceTest.image;
import static org.clipfusion.engine.internal.MethodReferenceTest.mapDiff;
import static org.clipfusion.engine.internal.MethodReferenceTest.patchClip;
import static org.clipfusion.engine.internal.MethodReferenceTest.properties;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.fusion.internal.WeightedSumFusion;
import org.clipfusion.testing.DsComponents;
import org.clipfusion.testing.WorkloadTimer;

/**
 * Native memory over 1,000 whole inspections: the real PatchCLIP and MapDiff components on the tiny parity models,
 * fitted with two references (all four maps, both memory-bank searches), fused by the weighted sum, through the
 * {@link org.clipfusion.api.Detector} path. After a warm-up it prints, every 100 inspections, JavaCPP's tracked bytes
 * (ND4J's buffers), the process's resident memory and the Java heap in use after a GC, and at the end the growth per
 * 100 inspections over the second half of the run, where one-time allocator steps are over. A leak of one 1 KB
 * buffer per inspection shows as 0.1 MB per 100. A benchmark that prints figures, not a test.
 *
 * <p>{@code mvn -o -f bundles/engine/pom.xml -Pbenchmark verify} (arguments: inspections, warm-up inspections).
 */
public final class InspectionMemoryBenchmark {
    private static final int REPORT_EVERY = 100;

    private InspectionMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int inspections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmUps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path data = Files.createTempDirectory("clipfusion-memory-");
        List<DsComponents.Activated> components = new ArrayList<>();
        try (EngineFixture fixture = new EngineFixture(data, "evaluationGrid", 32, "smoothingSigma", 2.0)) {
            fixture.engine.bindScorer(patchClip("crops", components), properties("patchclip", 1));
            fixture.engine.bindScorer(mapDiff(components), properties("mapdiff", 2));
            fixture.engine.bindFusionStrategy(new WeightedSumFusion(), properties("weighted-sum", 3));
            fixture.category("name", "widget", "scorers", new String[] {"patchclip", "mapdiff"},
                    "fusionStrategy", "weighted-sum", "deliverToSinks", false);
            fixture.manager.fit("widget", List.of(image("ref-1"), image("ref-2")));
            InspectionImage query = image("query");
            for (int i = 0; i < warmUps; i++) {
                fixture.detect("widget", query);
            }
            System.out.printf(Locale.ROOT, "# %d inspections after %d warm-up, tiny models, two-shot, %s%n",
                    inspections, warmUps, WorkloadTimer.loadAverage());
            System.out.println("inspections | tracked MiB | resident MiB | heap MiB | s per 100");
            double[] resident = new double[inspections / REPORT_EVERY + 1];
            resident[0] = report(0, 0);
            long start = System.nanoTime();
            for (int i = 1; i <= inspections; i++) {
                fixture.engine.detect(new DetectionRequest("r" + i, "part", "widget", query));
                if (i % REPORT_EVERY == 0) {
                    resident[i / REPORT_EVERY] = report(i, (System.nanoTime() - start) / 1e9);
                    start = System.nanoTime();
                }
            }
            int last = resident.length - 1;
            int middle = last / 2;
            System.out.printf(Locale.ROOT, "resident growth: %.2f MiB per 100 inspections over the second half, "
                    + "%.1f MiB over the whole run; load %s%n", (resident[last] - resident[middle]) / (last - middle),
                    resident[last] - resident[0], WorkloadTimer.loadAverage());
        } finally {
            for (DsComponents.Activated component : components) {
                component.deactivate();
            }
        }
        System.exit(0);
    }

    private static double report(int done, double seconds) throws IOException {
        System.gc();
        System.gc();
        double mib = 1 << 20;
        double resident = WorkloadTimer.status("VmRSS") / 1024.0;
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "%d | %.1f | %.1f | %.1f | %.2f%n", done, Pointer.totalBytes() / mib,
                resident, heap / mib, seconds);
        return resident;
    }
}
