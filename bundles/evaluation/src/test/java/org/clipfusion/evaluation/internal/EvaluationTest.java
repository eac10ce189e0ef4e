package org.clipfusion.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.datasets.DatasetSample;
import org.clipfusion.datasets.Datasets;
import org.clipfusion.datasets.FewShotSampler;
import org.clipfusion.evaluation.EvaluationException;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.ExactPixelMetrics;
import org.clipfusion.metrics.GroundTruthMask;
import org.clipfusion.metrics.ImageMetrics;
import org.clipfusion.metrics.PixelMetrics;
import org.clipfusion.metrics.PixelMetricsAccumulator;
import org.clipfusion.metrics.ScoreMap;
import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.TorchInterpolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir
    Path temp;

    private final BrightnessDetector detector = new BrightnessDetector();
    private final RecordingCategories categories = new RecordingCategories();

    private EvaluationReport evaluate(EvaluationPlan plan, EvaluationListener listener) throws Exception {
        return new Evaluation(detector, categories, categories).run(plan, listener);
    }

    private EvaluationPlan plan(Path root, int shots, List<Long> seeds, int pixelSize) {
        return new EvaluationPlan(root, null, List.of(), shots, seeds, temp.resolve("out"), "", pixelSize, 2,
                PixelMetricsAccumulator.DEFAULT_BINS);
    }

    @Test
    void metricsAgreeWithAnIndependentComputationOverTheSameMaps() throws Exception {
        Path root = temp.resolve("data");
        Path folder = TinyMvtec.write(root, "widget", 3, 6, 6, 1);

        RunResult run = evaluate(plan(root, 0, List.of(0L), 0), new EvaluationListener() { }).runs().get(0);

        List<double[]> scores = new ArrayList<>();
        ExactPixelMetrics exact = new ExactPixelMetrics();
        for (String defect : List.of("good", "spot")) {
            for (int i = 0; i < 6; i++) {
                InspectionImage image = read(folder.resolve("test/" + defect + "/" + TinyMvtec.name(i)));
                float[] map = BrightnessDetector.map(image);
                float max = Float.NEGATIVE_INFINITY;
                for (float value : map) {
                    max = Math.max(max, value);
                }
                scores.add(new double[] {max, defect.equals("spot") ? 1 : 0});
                float[] resized = TorchInterpolation.bilinear(FloatImage.ofMap(BrightnessDetector.GRID,
                        BrightnessDetector.GRID, map), TinyMvtec.HEIGHT, TinyMvtec.WIDTH).data();
                exact.add(new ScoreMap(resized, TinyMvtec.WIDTH, TinyMvtec.HEIGHT),
                        new GroundTruthMask(mask(folder, defect, i), TinyMvtec.WIDTH, TinyMvtec.HEIGHT));
            }
        }
        ImageMetrics expectedImage = ImageMetrics.of(scores.stream().mapToDouble(s -> s[0]).toArray(),
                toBooleans(scores));
        assertEquals(expectedImage, run.imageMetrics().orElseThrow());
        PixelMetrics expected = exact.result();
        PixelMetrics actual = run.pixelMetrics().orElseThrow();
        assertEquals(expected.auroc(), actual.auroc(), actual.aurocErrorBound() + 1e-9);
        assertEquals(expected.aupro(), actual.aupro(), actual.auproErrorBound() + 1e-9);
        assertEquals(expected.averagePrecision(), actual.averagePrecision(),
                actual.averagePrecisionErrorBound() + 1e-9);
        assertTrue(actual.f1Max() <= expected.f1Max() + 1e-9
                && expected.f1Max() <= actual.f1Max() + actual.f1MaxErrorBound() + 1e-9);
        assertEquals(expected.anomalousPixels(), actual.anomalousPixels());
        assertEquals(12, run.images());
        assertEquals(6, run.anomalous());
        assertEquals(List.of(), run.referenceIds());
        assertEquals(List.of(List.of(), List.of()), categories.fits,
                "zero-shot fits with no references, and every run ends with a fit that drops its banks");
        assertEquals(List.of("eval.widget"), categories.released);
    }

    @Test
    void resultFilesHoldTheRunsAndTheGalleryOverlaysExist() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 4, 4, 4, 2);
        TinyMvtec.write(root, "gadget", 4, 4, 4, 3);
        EvaluationReport report = evaluate(plan(root, 1, List.of(0L, 1L), 0), new EvaluationListener() { });
        Path out = temp.resolve("out");

        JsonNode json = RunStore.JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(4, json.get("runs").size());
        for (int i = 0; i < 4; i++) {
            RunResult run = report.runs().get(i);
            assertEquals(run.imageMetrics().orElseThrow().auroc(), json.get("runs").get(i).get("image")
                    .get("auroc").asDouble(), 0);
        }
        assertEquals(report.macroSummary(Metric.IMAGE_AUROC).orElseThrow().mean(),
                json.get("macro").get("I-AUROC").get("mean").asDouble(), 0);
        assertEquals(2, json.get("macro").get("I-AUROC").get("seeds").asInt());

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 4 + 2 * 2 + 2, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(0).startsWith("category,seed,shots,images,anomalous,skipped,I-AUROC,I-AP,I-F1max,"
                + "P-AUROC,P-AUPRO,P-F1max"));
        assertTrue(csv.get(csv.size() - 2).startsWith("MACRO,mean,"));

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2 id=\"widget\">widget</h2>") && html.contains("<h2 id=\"gadget\">"));
        Matcher images = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int overlays = 0;
        while (images.find()) {
            BufferedImage overlay = ImageIO.read(out.resolve(images.group(1)).toFile());
            assertEquals(TinyMvtec.WIDTH, overlay.getWidth());
            overlays++;
        }
        assertEquals(4 * 2 * 2, overlays, "two normal and two anomalous per run");
        try (Stream<Path> files = Files.walk(out)) {
            assertTrue(files.noneMatch(file -> file.toString().endsWith(".spill")), "spills are deleted");
        }
    }

    @Test
    void eachSeedFitsTheReferencesItDraws() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 8, 3, 3, 4);
        EvaluationReport report = evaluate(plan(root, 2, List.of(5L, 6L), 0), new EvaluationListener() { });

        List<DatasetSample> train = Datasets.open(root, DatasetLayout.MVTEC).category("widget").train();
        List<String> seed5 = FewShotSampler.sample(train, 2, 5).stream().map(DatasetSample::id).toList();
        List<String> seed6 = FewShotSampler.sample(train, 2, 6).stream().map(DatasetSample::id).toList();
        assertEquals(List.of(seed5, List.of(), seed6, List.of()), categories.fits,
                "each run fits its draw, and drops its banks when it ends");
        assertEquals(seed5, report.runs().get(0).referenceIds());
        assertEquals(seed6, report.runs().get(1).referenceIds());
        assertNotEquals(seed5, seed6);
        assertEquals(List.of("eval.widget@5", "eval.widget@6"), categories.prepared);
        assertEquals(2, categories.released.size());
    }

    @Test
    void zeroShotRunsOnceWhateverTheSeeds() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 2, 3, 3, 5);
        EvaluationReport report = evaluate(plan(root, 0, List.of(3L, 4L, 5L), 0), new EvaluationListener() { });
        assertEquals(List.of(new RunKey("widget", 3)), report.runs().stream().map(RunResult::key).toList());
    }

    @Test
    void aResumedEvaluationTakesFinishedRunsFromDiskAndRefusesOtherSettings() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 3, 3, 3, 6);
        EvaluationReport first = evaluate(plan(root, 1, List.of(0L), 0), new EvaluationListener() { });
        int callsBefore = detector.calls.get();
        detector.failing = true;
        List<RunKey> resumed = new ArrayList<>();
        EvaluationReport second = evaluate(plan(root, 1, List.of(0L), 0), new EvaluationListener() {
            @Override
            public void runResumed(RunKey run) {
                resumed.add(run);
            }
        });
        assertEquals(callsBefore, detector.calls.get(), "nothing recomputed");
        assertEquals(List.of(new RunKey("widget", 0)), resumed);
        assertEquals(first.runs(), second.runs());

        EvaluationException refused = assertThrows(EvaluationException.class,
                () -> evaluate(plan(root, 2, List.of(0L), 0), new EvaluationListener() { }));
        assertTrue(refused.getMessage().contains("shots"), refused.getMessage());
    }

    @Test
    void aBadImageOrMaskIsSkippedAndNamedWhileTheRunGoesOn() throws Exception {
        Path root = temp.resolve("data");
        Path folder = TinyMvtec.write(root, "widget", 2, 4, 4, 7);
        Path truncated = folder.resolve("test/good/001.png");
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path mask = folder.resolve("ground_truth/spot/002_mask.png");
        TinyMvtec.png(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), mask);
        Map<String, String> problems = new HashMap<>();

        RunResult run = evaluate(plan(root, 0, List.of(0L), 0), new EvaluationListener() {
            @Override
            public void problem(RunKey key, String file, String message) {
                problems.put(file, message);
            }
        }).runs().get(0);

        assertTrue(run.succeeded());
        assertEquals(6, run.images());
        assertEquals(2, run.skipped().size(), run.skipped().toString());
        assertTrue(run.skipped().stream().anyMatch(s -> s.file().endsWith("001.png")
                && s.message().contains("001.png")), run.skipped().toString());
        assertTrue(run.skipped().stream().anyMatch(s -> s.message().contains("002_mask.png")),
                run.skipped().toString());
        assertEquals(2, problems.size());
    }

    @Test
    void anUnknownCategoryIsRefusedWithTheKnownOnes() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 1, 1, 1, 8);
        EvaluationPlan plan = new EvaluationPlan(root, null, List.of("gizmo"), 0, List.of(0L), temp.resolve("out"),
                "", 0, 1, 16);
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> evaluate(plan, new EvaluationListener() { }));
        assertTrue(e.getMessage().contains("gizmo") && e.getMessage().contains("widget"), e.getMessage());
    }

    @Test
    void onAFixedGridMasksAreResizedByNearestNeighbour() throws Exception {
        Path root = temp.resolve("data");
        Path folder = TinyMvtec.write(root, "widget", 1, 3, 3, 9);
        RunResult run = evaluate(plan(root, 0, List.of(0L), 32), new EvaluationListener() { }).runs().get(0);
        ExactPixelMetrics exact = new ExactPixelMetrics();
        for (String defect : List.of("good", "spot")) {
            for (int i = 0; i < 3; i++) {
                float[] map = BrightnessDetector.map(read(folder.resolve("test/" + defect + "/"
                        + TinyMvtec.name(i))));
                float[] resized = TorchInterpolation.bilinear(FloatImage.ofMap(BrightnessDetector.GRID,
                        BrightnessDetector.GRID, map), 32, 32).data();
                boolean[] full = mask(folder, defect, i);
                boolean[] small = new boolean[32 * 32];
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        // PyTorch "nearest": source index floor(dst * in / out)
                        small[y * 32 + x] = full[(y * TinyMvtec.HEIGHT / 32) * TinyMvtec.WIDTH
                                + x * TinyMvtec.WIDTH / 32];
                    }
                }
                exact.add(new ScoreMap(resized, 32, 32), new GroundTruthMask(small, 32, 32));
            }
        }
        PixelMetrics actual = run.pixelMetrics().orElseThrow();
        assertEquals(exact.result().anomalousPixels(), actual.anomalousPixels());
        assertEquals(exact.result().auroc(), actual.auroc(), actual.aurocErrorBound() + 1e-9);
    }

    private static boolean[] mask(Path folder, String defect, int i) throws IOException {
        boolean[] mask = new boolean[TinyMvtec.WIDTH * TinyMvtec.HEIGHT];
        if (defect.equals("good")) {
            return mask;
        }
        BufferedImage image = ImageIO.read(folder.resolve("ground_truth/" + defect + "/"
                + String.format("%03d_mask.png", i)).toFile());
        for (int y = 0; y < TinyMvtec.HEIGHT; y++) {
            for (int x = 0; x < TinyMvtec.WIDTH; x++) {
                mask[y * TinyMvtec.WIDTH + x] = image.getRaster().getSample(x, y, 0) != 0;
            }
        }
        return mask;
    }

    private static InspectionImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        byte[] rgb = new byte[3 * image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                int offset = 3 * (y * image.getWidth() + x);
                rgb[offset] = (byte) (pixel >> 16);
                rgb[offset + 1] = (byte) (pixel >> 8);
                rgb[offset + 2] = (byte) pixel;
            }
        }
        return new InspectionImage(file.getFileName().toString(), image.getWidth(), image.getHeight(), rgb, null);
    }

    private static boolean[] toBooleans(List<double[]> scores) {
        boolean[] labels = new boolean[scores.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = scores.get(i)[1] == 1;
        }
        return labels;
    }
}
