package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.clip.model.OpenClipOutputs;
import org.clipfusion.clip.model.internal.OpenClipWeights;
import org.clipfusion.clip.model.internal.TextTower;
import org.clipfusion.clip.model.internal.VisionTower;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.Sha256;
import org.clipfusion.tensor.image.RgbImage;
import org.clipfusion.testing.SharedFixtures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A benchmark, not a test: the CLIP branch at full size (open_clip ViT-B-16-plus-240) with random weights, on the
 * CPU. It writes a random F16 checkpoint of the manifest's exact layout into a temporary directory (about 420 MB,
 * deleted at the end), loads it, and prints load times, image- and text-encoder latencies, the text-prototype time
 * of one category, PatchCLIP's per-image latency (zero-shot crops and windows, 1-shot), the encoder's achieved
 * GFLOP/s against a same-run sgemm, and the machine facts that explain them.
 *
 * <p>Run: {@code mvn -q -f bundles/clip/pom.xml -Pbenchmark verify} (see docs/benchmarks.md). Repetitions are set
 * with {@code -Dbench=imageRuns=9,batchRuns=5,...} (names as the {@code bench.*} properties below; every value is
 * printed), so that a faster machine can measure more.
 * Random weights make the maps meaningless but the cost exact: every op runs on the same shapes as with the real
 * laion400m checkpoint.
 */
public final class PatchClipBenchmark {
    private static final String MANIFEST = "fixtures/manifests/open_clip_ViT-B-16-plus-240.json";
    private static final long SEED = 20240901L;
    private static final int IMAGE_SIDE = 512;
    private static final CategoryContext CONTEXT = new CategoryContext("metal_nut", "metal_nut", Map.of());

    private static final int SGEMM_RUNS = intProperty("bench.sgemmRuns", 15);
    private static final int IMAGE_RUNS = intProperty("bench.imageRuns", 5);
    private static final int BATCH_RUNS = intProperty("bench.batchRuns", 3);
    private static final int TEXT1_RUNS = intProperty("bench.text1Runs", 5);
    private static final int TEXT64_RUNS = intProperty("bench.text64Runs", 2);
    private static final int PROTOTYPE_RUNS = intProperty("bench.prototypeRuns", 1);
    private static final int CROPS_RUNS = intProperty("bench.cropsRuns", 3);
    private static final int WINDOWS_RUNS = intProperty("bench.windowsRuns", 2);
    private static final int ONE_SHOT_RUNS = intProperty("bench.oneShotRuns", 1);
    private static final int WARM_UPS = intProperty("bench.warmUps", 1);
    private static final int BATCH = 8;

    private PatchClipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int preloaded = preloadProjectClasses();
        Path manifest = args.length > 0 ? Paths.get(args[0]) : SharedFixtures.shared(MANIFEST);
        JsonNode manifestJson = new ObjectMapper().readTree(manifest.toFile());
        section("Machine and JVM");
        printMachine();
        System.out.println("preloaded " + preloaded + " classes of the project's jars");

        Path directory = Files.createTempDirectory("clipfusion-clip-bench-");
        try {
            run(manifest, manifestJson, directory);
        } finally {
            deleteRecursively(directory);
            System.out.println();
            System.out.println("deleted " + directory);
        }
        section("End");
        System.out.println("load average (1/5/15 min): " + loadAverage());
        System.out.printf(Locale.ROOT, "total benchmark wall time: %.1f s%n", seconds(System.nanoTime() - start));
        // ND4J's native threads are not daemons everywhere; make sure the forked JVM ends.
        System.exit(0);
    }

    private static void run(Path manifest, JsonNode manifestJson, Path directory) throws Exception {
        section("Random checkpoint");
        Path configFile = directory.resolve("config.json");
        Files.writeString(configFile, new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifestJson.get("config")), StandardCharsets.UTF_8);
        Path weightsFile = directory.resolve("model.safetensors");
        long t = System.nanoTime();
        long parameters = writeRandomCheckpoint(manifestJson.get("tensors"), weightsFile);
        System.out.printf(Locale.ROOT, "manifest: %s%n", manifest);
        System.out.printf(Locale.ROOT, "wrote %s: %d tensors, %,d parameters (manifest says %,d), %.1f MB F16, "
                        + "in %.1f s (generation + F16 write; not part of any figure below)%n", weightsFile,
                manifestJson.get("tensors").size(), parameters, manifestJson.path("num_parameters").asLong(),
                Files.size(weightsFile) / 1e6, seconds(System.nanoTime() - t));
        System.gc();

        section("Load");
        OpenClipConfig config = loadInParts(configFile, weightsFile);
        t = System.nanoTime();
        OpenClipModel model = OpenClipModel.load(directory);
        double loadSeconds = seconds(System.nanoTime() - t);
        System.out.printf(Locale.ROOT, "OpenClipModel.load(dir), all together (page cache warm): %.2f s%n",
                loadSeconds);
        System.out.printf(Locale.ROOT, "process RSS after the load: %d MiB (Java heap included; the F32 weights are"
                + " %d MiB)%n", Pointer.physicalBytes() >> 20,
                (4L * manifestJson.path("num_parameters").asLong()) >> 20);
        t = System.nanoTime();
        String sha = Sha256.of(weightsFile);
        System.out.printf(Locale.ROOT, "Sha256.of(model.safetensors) (PatchClipComponent does it at every "
                + "activation): %.2f s%n", seconds(System.nanoTime() - t));
        t = System.nanoTime();
        ClipTokenizer tokenizer = ClipTokenizer.load();
        System.out.printf(Locale.ROOT, "ClipTokenizer.load(): %.2f s%n", seconds(System.nanoTime() - t));
        try {
            section("sgemm reference");
            double sgemm = sgemm();
            imageEncoder(model, config, sgemm);
            textEncoder(model, tokenizer);
            patchClip(model, tokenizer, directory, new ModelInfo("bench/ViT-B-16-plus-240/random",
                    weightsFile.toString(), sha));
            section("sgemm again, at the end (how much the machine's load drifted during the run)");
            sgemm();
        } finally {
            model.close();
        }
    }

    // ---------------------------------------------------------------- load

    private static OpenClipConfig loadInParts(Path configFile, Path weightsFile) throws IOException {
        long t = System.nanoTime();
        OpenClipConfig config = OpenClipConfig.read(configFile);
        double configSeconds = seconds(System.nanoTime() - t);
        t = System.nanoTime();
        OpenClipWeights weights = OpenClipWeights.read(weightsFile, config);
        double weightsSeconds = seconds(System.nanoTime() - t);
        t = System.nanoTime();
        VisionTower vision = VisionTower.build(config, weights);
        double visionSeconds = seconds(System.nanoTime() - t);
        t = System.nanoTime();
        TextTower text = TextTower.build(config, weights);
        double textSeconds = seconds(System.nanoTime() - t);
        System.out.printf(Locale.ROOT, "config read: %.3f s%n", configSeconds);
        System.out.printf(Locale.ROOT, "weights read (F16 -> F32 off-heap, layout check): %.2f s%n", weightsSeconds);
        System.out.printf(Locale.ROOT, "image-tower graph build: %.2f s%n", visionSeconds);
        System.out.printf(Locale.ROOT, "text-tower graph build: %.2f s%n", textSeconds);
        System.out.printf(Locale.ROOT, "sum of the parts: %.2f s%n",
                configSeconds + weightsSeconds + visionSeconds + textSeconds);
        vision.close();
        text.close();
        weights.close();
        return config;
    }

    // ---------------------------------------------------------------- sgemm

    /** Warm median GFLOP/s of a 1024³ float32 gemm through ND4J (OpenBLAS on this backend). */
    private static double sgemm() {
        System.out.println("sgemm reference, float32 1024x1024x1024 (2.15 GFLOP); load average " + loadAverage());
        Nd4j.getRandom().setSeed(SEED);
        int n = 1024;
        double flops = 2.0 * n * n * n;
        try (INDArray a = Nd4j.rand(DataType.FLOAT, n, n); INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
             INDArray c = Nd4j.create(DataType.FLOAT, n, n)) {
            Timing gemm = time(3, SGEMM_RUNS, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
            System.out.printf(Locale.ROOT, "Nd4j.gemm into a preallocated array: %s -> %.1f GFLOP/s at the median, "
                    + "%.1f at the fastest%n", gemm, flops / gemm.median() / 1e9, flops / gemm.min() / 1e9);
            Timing op = time(1, SGEMM_RUNS, () -> Nd4j.exec(new Mmul(a, b, c, null)));
            System.out.printf(Locale.ROOT, "Mmul op (what SameDiff's mmul runs): %s -> %.1f GFLOP/s%n", op,
                    flops / op.median() / 1e9);
            Timing mmul = time(1, SGEMM_RUNS, () -> a.mmul(b).close());
            System.out.printf(Locale.ROOT, "INDArray.mmul (allocating the result): %s -> %.1f GFLOP/s%n", mmul,
                    flops / mmul.median() / 1e9);
            return flops / gemm.median() / 1e9;
        }
    }

    // ---------------------------------------------------------------- image encoder

    private static void imageEncoder(OpenClipModel model, OpenClipConfig config, double sgemmGflops) {
        OpenClipConfig.VisionConfig v = config.vision();
        section("Image encoder (" + v.imageHeight() + "x" + v.imageWidth() + ", " + v.tokenCount() + " tokens, width "
                + v.width() + ", MLP " + v.mlpWidth() + ", " + v.heads() + " heads, " + v.layers() + " blocks)");
        double macs = imageEncoderMacs(config);
        System.out.printf(Locale.ROOT, "analytic cost per image: %.2f GMAC = %.2f GFLOP (patch conv %.3f GMAC, "
                        + "linear layers %.2f GMAC, attention scores + values %.2f GMAC)%n", macs / 1e9,
                2 * macs / 1e9, patchConvMacs(config) / 1e9, linearMacs(config) / 1e9, attentionMacs(config) / 1e9);
        Nd4j.getRandom().setSeed(SEED);
        try (INDArray one = Nd4j.randn(DataType.FLOAT, 1, 3, v.imageHeight(), v.imageWidth());
             INDArray eight = Nd4j.randn(DataType.FLOAT, BATCH, 3, v.imageHeight(), v.imageWidth())) {
            long t = System.nanoTime();
            model.encodeImage(one).close();
            System.out.printf(Locale.ROOT, "first forward ever (cold graph), batch 1: %.2f s%n",
                    seconds(System.nanoTime() - t));
            Timing b1 = time(WARM_UPS + 1, IMAGE_RUNS, () -> model.encodeImage(one).close());
            report("encodeImage, batch 1", b1, 1, macs, sgemmGflops);
            Timing both = time(WARM_UPS, IMAGE_RUNS, () -> model.imageOutputs(one, OpenClipOutputs.IMAGE_FEATURES,
                    OpenClipOutputs.PATCH_TOKENS).values().forEach(INDArray::close));
            report("imageOutputs(image features + patch tokens), batch 1 (PatchCLIP's whole view)", both, 1, macs,
                    sgemmGflops);
            Timing b8 = time(WARM_UPS, BATCH_RUNS, () -> model.encodeImage(eight).close());
            report("encodeImage, batch " + BATCH, b8, BATCH, macs, sgemmGflops);
            double floor = linearGemmSeconds(config, BATCH);
            System.out.printf(Locale.ROOT, "  the same %d images' linear layers (patch conv as a gemm + 4 gemms x %d "
                            + "blocks) as bare Nd4j.gemm calls: %.2f s = %.0f%% of the batch-%d forward (%.1f GFLOP/s"
                            + " on those shapes)%n", BATCH, v.layers(), floor, 100 * floor / b8.median(), BATCH,
                    2.0 * BATCH * (linearMacs(config) + patchConvMacs(config)) / floor / 1e9);
        }
    }

    private static void report(String what, Timing timing, int images, double macsPerImage, double sgemmGflops) {
        double perImage = timing.median() / images;
        double gflops = 2 * macsPerImage / perImage / 1e9;
        System.out.printf(Locale.ROOT, "%s: %s per call = %.3f s per image -> %.1f GFLOP/s (%.0f%% of the sgemm "
                + "figure; %.1f GFLOP/s at the fastest run)%n", what, timing, perImage, gflops,
                100 * gflops / sgemmGflops, 2 * macsPerImage * images / timing.min() / 1e9);
    }

    /** The encoder's matmuls (patch conv as a gemm, QKV, out proj, c_fc, c_proj), timed as bare gemms. */
    private static double linearGemmSeconds(OpenClipConfig config, int images) {
        OpenClipConfig.VisionConfig v = config.vision();
        long rows = (long) images * v.tokenCount();
        long[][] shapes = { // m, k, n; weight [n, k] used transposed, as GraphOps.linear does
            {(long) images * v.patchCount(), 3L * v.patchHeight() * v.patchWidth(), v.width()},
            {rows, v.width(), 3L * v.width()},
            {rows, v.width(), v.width()},
            {rows, v.width(), v.mlpWidth()},
            {rows, v.mlpWidth(), v.width()}};
        double total = 0;
        for (int s = 0; s < shapes.length; s++) {
            long[] shape = shapes[s];
            try (INDArray x = Nd4j.rand(DataType.FLOAT, shape[0], shape[1]);
                 INDArray w = Nd4j.rand(DataType.FLOAT, shape[2], shape[1]);
                 INDArray c = Nd4j.create(DataType.FLOAT, shape[0], shape[2])) {
                double seconds = median(1, 3, () -> Nd4j.gemm(x, w, c, false, true, 1.0, 0.0));
                total += s == 0 ? seconds : seconds * v.layers();
            }
        }
        return total;
    }

    // ---------------------------------------------------------------- text encoder

    private static void textEncoder(OpenClipModel model, ClipTokenizer tokenizer) {
        OpenClipConfig config = model.config();
        section("Text encoder (" + config.text().contextLength() + " tokens, width " + config.text().width() + ", "
                + config.text().layers() + " blocks)");
        PromptEnsemble ensemble = ensemble();
        List<String> prompts = new ArrayList<>(ensemble.normalPrompts("metal nut"));
        prompts.addAll(ensemble.anomalousPrompts("metal nut"));
        long[][] one = tokenizer.tokenize(prompts.subList(0, 1), PaddingConvention.OPEN_CLIP);
        long[][] sixtyFour = tokenizer.tokenize(prompts.subList(0, 64), PaddingConvention.OPEN_CLIP);
        long[][] all = tokenizer.tokenize(prompts, PaddingConvention.OPEN_CLIP);
        int longest = 0;
        for (long[] row : all) {
            int eot = 0;
            for (int i = 0; i < row.length; i++) {
                eot = row[i] > row[eot] ? i : eot;
            }
            longest = Math.max(longest, eot + 1);
        }
        double macs = textEncoderMacs(config, config.text().contextLength());
        System.out.printf(Locale.ROOT, "analytic cost per prompt: %.2f GMAC at %d tokens; the longest of the %d "
                        + "WinCLIP prompts ends at token %d (%.2f GMAC if cut there)%n", macs / 1e9,
                config.text().contextLength(), prompts.size(), longest, textEncoderMacs(config, longest) / 1e9);
        Timing t1 = time(WARM_UPS + 1, TEXT1_RUNS, () -> model.encodeText(one).close());
        System.out.printf(Locale.ROOT, "encodeText, 1 prompt: %s -> %.1f GFLOP/s%n", t1, 2 * macs / t1.median() / 1e9);
        Timing t64 = time(WARM_UPS, TEXT64_RUNS, () -> model.encodeText(sixtyFour).close());
        System.out.printf(Locale.ROOT, "encodeText, 64 prompts: %s = %.1f ms per prompt -> %.1f GFLOP/s%n", t64,
                t64.median() / 64 * 1e3, 2 * 64 * macs / t64.median() / 1e9);
        Timing prototypes = time(0, PROTOTYPE_RUNS, () -> new TextPrototypes(model, tokenizer, ensemble)
                .of("metal nut"));
        System.out.printf(Locale.ROOT, "text prototypes of one category (%d normal + %d anomalous prompts in "
                        + "forwards of <= 64, tokenizing included): %s%n", ensemble.normalPrompts("x").size(),
                ensemble.anomalousPrompts("x").size(), prototypes);
    }

    // ---------------------------------------------------------------- PatchCLIP

    private static void patchClip(OpenClipModel model, ClipTokenizer tokenizer, Path directory, ModelInfo info)
            throws Exception {
        section("PatchCLIP on one " + IMAGE_SIDE + "x" + IMAGE_SIDE + " image (defaults of PatchClipConfig)");
        ClipPreprocessor preprocessor = PreprocessConfig.read(directory, model.config());
        PatchClipSettings crops = settings(PatchClipSettings.LanguageMode.CROPS);
        PatchClipSettings windows = settings(PatchClipSettings.LanguageMode.WINDOWS);
        int cropCount = 0;
        StringBuilder perScale = new StringBuilder();
        for (double scale : crops.cropScales()) {
            int n = CropGrid.lay(IMAGE_SIDE, IMAGE_SIDE, scale, crops.strideRatio()).size();
            cropCount += n;
            perScale.append(perScale.length() == 0 ? "" : " + ").append(n).append(" crops at scale ")
                    .append(String.format(Locale.ROOT, "%.3f", scale));
        }
        int views = 1 + cropCount;
        System.out.printf(Locale.ROOT, "crops mode: %d views per image = 1 whole + %s; crops go through the image "
                + "encoder in forwards of <= %d views, the whole view alone%n", views, perScale, crops.batchSize());
        OpenClipConfig.VisionConfig v = model.config().vision();
        int[][] windowArrays = windowIndices(v, windows.windowSizes());
        double windowMacs = patchConvMacs(model.config());
        for (int[] window : windowArrays) {
            windowMacs += transformerMacs(1 + window.length, v.width(), v.mlpWidth(), v.layers());
        }
        System.out.printf(Locale.ROOT, "windows mode: 1 whole view + %d WinCLIP windows (sizes %s) = %.2f GMAC on "
                        + "top of the whole view (%.1f image-equivalents)%n", windowArrays.length,
                Arrays.toString(windows.windowSizes()), windowMacs / 1e9,
                windowMacs / imageEncoderMacs(model.config()));

        InspectionImage query = syntheticImage("query", 3, true);
        InspectionImage reference = syntheticImage("reference", 1, false);
        printPreprocessing(preprocessor, query, crops);

        PatchClipScorer cropScorer = new PatchClipScorer("patchclip", model, info, tokenizer, preprocessor, crops);
        long t = System.nanoTime();
        score(cropScorer, query, null);
        System.out.printf(Locale.ROOT, "crops mode, first zero-shot score of the category (text prototypes + score):"
                + " %.2f s%n", seconds(System.nanoTime() - t));
        Timing zeroShot = time(0, CROPS_RUNS, () -> score(cropScorer, query, null));
        System.out.printf(Locale.ROOT, "zero-shot, crops mode: %s per image = %.2f s per view%n", zeroShot,
                zeroShot.median() / views);

        double[] fitSeconds = new double[ONE_SHOT_RUNS];
        double[] scoreSeconds = new double[ONE_SHOT_RUNS];
        for (int run = 0; run < ONE_SHOT_RUNS; run++) {
            t = System.nanoTime();
            ReferenceBank bank = cropScorer.fit(CONTEXT, List.of(reference));
            fitSeconds[run] = seconds(System.nanoTime() - t);
            t = System.nanoTime();
            score(cropScorer, query, bank);
            scoreSeconds[run] = seconds(System.nanoTime() - t);
        }
        System.out.printf(Locale.ROOT, "1-shot, crops mode: fit on 1 reference %s; then score (language + vision "
                + "maps) %s per image%n", timing(fitSeconds), timing(scoreSeconds));

        PatchClipScorer windowScorer = new PatchClipScorer("patchclip-windows", model, info, tokenizer, preprocessor,
                windows);
        t = System.nanoTime();
        score(windowScorer, query, null);
        System.out.printf(Locale.ROOT, "windows mode, first zero-shot score of the category (text prototypes + "
                + "score): %.2f s%n", seconds(System.nanoTime() - t));
        Timing windowed = time(0, WINDOWS_RUNS, () -> score(windowScorer, query, null));
        System.out.printf(Locale.ROOT, "zero-shot, windows mode: %s per image%n", windowed);
        try (INDArray whole = preprocessor.batch(List.of(new RgbImage(query.width(), query.height(),
                query.rgb())))) {
            Timing forward = time(0, WINDOWS_RUNS, () -> model.windowEmbeddings(whole, windowArrays).close());
            System.out.printf(Locale.ROOT, "  of which model.windowEmbeddings (%d windows): %s -> %.1f GFLOP/s%n",
                    windowArrays.length, forward, 2 * windowMacs / forward.median() / 1e9);
        }
    }

    private static void score(PatchClipScorer scorer, InspectionImage image, ReferenceBank bank) {
        try {
            scorer.score(image, CONTEXT, bank);
        } catch (org.clipfusion.api.spi.ScorerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The component's defaults (PatchClipConfig), in one language mode. */
    private static PatchClipSettings settings(PatchClipSettings.LanguageMode mode) {
        return new PatchClipSettings(0.01, ensemble(), ObjectNames.visaAnd(), mode,
                new double[] {0.5, 1.0 / 3}, 0.5, new int[] {2, 3}, 240, 8, 64L << 20, 1L << 30);
    }

    private static PromptEnsemble ensemble() {
        return new PromptEnsemble(PatchClipSettings.NORMAL_STATES, PatchClipSettings.ANOMALOUS_STATES,
                PatchClipSettings.TEMPLATES);
    }

    private static int[][] windowIndices(OpenClipConfig.VisionConfig v, int[] sizes) {
        List<int[]> windows = new ArrayList<>();
        for (int size : sizes) {
            for (int top = 0; top + size <= v.gridHeight(); top++) {
                for (int left = 0; left + size <= v.gridWidth(); left++) {
                    int[] window = new int[size * size];
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            window[r * size + c] = (top + r) * v.gridWidth() + left + c;
                        }
                    }
                    windows.add(window);
                }
            }
        }
        return windows.toArray(new int[0][]);
    }

    /** Preprocessing alone (resize, crop, normalise, stack), the CPU work before the encoder sees a view. */
    private static void printPreprocessing(ClipPreprocessor preprocessor, InspectionImage image, PatchClipSettings s) {
        RgbImage rgb = new RgbImage(image.width(), image.height(), image.rgb());
        List<RgbImage> views = new ArrayList<>();
        views.add(rgb);
        for (double scale : s.cropScales()) {
            for (CropGrid.Crop crop : CropGrid.lay(rgb.width(), rgb.height(), scale, s.strideRatio())) {
                views.add(rgb.region(crop.x(), crop.y(), crop.size(), crop.size()));
            }
        }
        Timing timing = time(1, 3, () -> preprocessor.batch(views).close());
        System.out.printf(Locale.ROOT, "preprocessing of the %d views alone (bicubic resize, center crop, normalise, "
                + "stack): %s%n", views.size(), timing);
    }

    /** A textured object on a plain background with sensor noise; the query has a dark round spot. */
    private static InspectionImage syntheticImage(String id, long seed, boolean defect) {
        SplittableRandom noise = new SplittableRandom(seed);
        byte[] rgb = new byte[3 * IMAGE_SIDE * IMAGE_SIDE];
        for (int y = 0; y < IMAGE_SIDE; y++) {
            for (int x = 0; x < IMAGE_SIDE; x++) {
                double r = 150 + 40 * Math.sin(x / 27.0) * Math.cos(y / 37.0);
                double g = 120 + 30 * Math.cos((x + y) / 48.0);
                double b = 90 + 20 * Math.sin(y / 21.0);
                double dx = x - 352;
                double dy = y - 160;
                if (defect && dx * dx + dy * dy <= 40 * 40) {
                    r = 20;
                    g = 15;
                    b = 10;
                }
                int i = 3 * (y * IMAGE_SIDE + x);
                rgb[i] = clamp(r + gaussian(noise) * 3);
                rgb[i + 1] = clamp(g + gaussian(noise) * 3);
                rgb[i + 2] = clamp(b + gaussian(noise) * 3);
            }
        }
        return new InspectionImage(id, IMAGE_SIDE, IMAGE_SIDE, rgb, Map.of());
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
    }

    // ---------------------------------------------------------------- random checkpoint

    /**
     * Every tensor of the manifest, seeded: weight matrices N(0, 1/fan_in) (std 1/√fan_in; conv fan_in = 3·16·16,
     * the projections' fan_in = their first axis, as they are used as {@code x @ proj}), embeddings N(0, 1/width),
     * LayerNorm gains 1, biases 0, logit_scale ln(1/0.07) as open_clip initialises it. Written as F16.
     */
    private static long writeRandomCheckpoint(JsonNode tensors, Path file) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.putMetadata("format", "pt");
        long parameters = 0;
        int index = 0;
        for (Iterator<JsonNode> it = tensors.elements(); it.hasNext(); index++) {
            JsonNode tensor = it.next();
            String name = tensor.get("name").asText();
            long[] shape = new long[tensor.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.get("shape").get(d).asLong();
            }
            int count = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
            float[] values = new float[count];
            if (shape.length == 0) {
                values[0] = (float) Math.log(1 / 0.07);
            } else if (name.endsWith(".bias") || name.endsWith("_bias")) {
                Arrays.fill(values, 0f);
            } else if (shape.length == 1 && name.contains("ln_")) {
                Arrays.fill(values, 1f);
            } else {
                double std = 1 / Math.sqrt(fanIn(name, shape));
                SplittableRandom random = new SplittableRandom(SEED + 7919L * index);
                for (int i = 0; i < count; i += 2) {
                    // Box–Muller: two normals per pair of uniforms.
                    double u = 1 - random.nextDouble();
                    double radius = std * Math.sqrt(-2 * Math.log(u));
                    double angle = 2 * Math.PI * random.nextDouble();
                    values[i] = (float) (radius * Math.cos(angle));
                    if (i + 1 < count) {
                        values[i + 1] = (float) (radius * Math.sin(angle));
                    }
                }
            }
            writer.addFloats(name, DType.F16, shape, values);
            parameters += count;
        }
        writer.writeTo(file);
        return parameters;
    }

    private static long fanIn(String name, long[] shape) {
        if (name.equals("visual.proj") || name.equals("text_projection")) {
            return shape[0];
        }
        if (shape.length == 1 || name.contains("embedding")) {
            return shape[shape.length - 1]; // class/positional/token embeddings: std 1/√width
        }
        long fanIn = 1;
        for (int d = 1; d < shape.length; d++) {
            fanIn *= shape[d];
        }
        return fanIn;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    // ---------------------------------------------------------------- FLOP counts (multiply-accumulates)

    private static double patchConvMacs(OpenClipConfig config) {
        OpenClipConfig.VisionConfig v = config.vision();
        return (double) v.patchCount() * v.width() * 3 * v.patchHeight() * v.patchWidth();
    }

    private static double linearMacs(OpenClipConfig config) {
        OpenClipConfig.VisionConfig v = config.vision();
        double t = v.tokenCount();
        double d = v.width();
        return v.layers() * (t * d * 3 * d + t * d * d + 2 * t * d * v.mlpWidth()) + d * config.embedDim();
    }

    private static double attentionMacs(OpenClipConfig config) {
        OpenClipConfig.VisionConfig v = config.vision();
        return v.layers() * 2.0 * v.tokenCount() * v.tokenCount() * v.width();
    }

    /** Patch conv + per block QKV, out proj, MLP and attention scores and values + final proj. */
    static double imageEncoderMacs(OpenClipConfig config) {
        return patchConvMacs(config) + linearMacs(config) + attentionMacs(config);
    }

    /** One sequence of {@code tokens} through {@code layers} blocks. */
    private static double transformerMacs(int tokens, int width, int mlpWidth, int layers) {
        double t = tokens;
        double d = width;
        return layers * (t * d * 4 * d + 2 * t * d * mlpWidth + 2 * t * t * d);
    }

    static double textEncoderMacs(OpenClipConfig config, int tokens) {
        OpenClipConfig.TextConfig text = config.text();
        return transformerMacs(tokens, text.width(), text.mlpWidth(), text.layers())
                + (double) text.width() * config.embedDim();
    }

    /**
     * Defines every class of the project's jars on the class path now. A run takes minutes, and on a machine where
     * other builds install the same snapshot jars into the local repository meanwhile, a class loaded late can be
     * read from a half-rewritten jar (seen as {@code NoClassDefFoundError ... (wrong name: ...)}).
     */
    private static int preloadProjectClasses() throws IOException {
        int count = 0;
        ClassLoader loader = PatchClipBenchmark.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Paths.get(entry);
            if (!jar.getFileName().toString().startsWith("clipfusion-") || !entry.endsWith(".jar")) {
                continue;
            }
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(file.entries())) {
                    String name = e.getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")
                            && !name.endsWith("package-info.class")) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                            count++;
                        } catch (ClassNotFoundException | LinkageError ignored) {
                            // a class needing what is not on this class path (OSGi-only); the benchmark does not use it
                        }
                    }
                }
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- machine facts

    private static void printMachine() throws IOException {
        System.out.println("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("cores (availableProcessors): " + Runtime.getRuntime().availableProcessors());
        String cpuinfo = Files.exists(Paths.get("/proc/cpuinfo")) ? Files.readString(Paths.get("/proc/cpuinfo")) : "";
        String model = field(cpuinfo, "model name");
        String flags = " " + field(cpuinfo, "flags") + " ";
        StringBuilder simd = new StringBuilder();
        for (String flag : List.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni",
                "avx512_bf16", "amx_tile")) {
            if (flags.contains(" " + flag + " ")) {
                simd.append(simd.length() == 0 ? "" : " ").append(flag);
            }
        }
        System.out.println("cpu: " + model + " (SIMD flags: " + simd + ")");
        System.out.println("load average (1/5/15 min): " + loadAverage());
        System.out.println("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        System.out.println("OMP_WAIT_POLICY=" + env("OMP_WAIT_POLICY") + ", OMP_NUM_THREADS="
                + env("OMP_NUM_THREADS"));
        System.out.println("ND4J backend: " + Nd4j.getBackend().getClass().getSimpleName() + ", BLAS "
                + Nd4j.factory().blas().getBlasVendor() + ", op threads " + Nd4j.getEnvironment().maxThreads()
                + ", master threads " + Nd4j.getEnvironment().maxMasterThreads() + ", BLAS threads "
                + Nd4j.factory().blas().getMaxThreads());
        System.out.println("JavaCPP off-heap cap " + (Pointer.maxBytes() >> 20) + " MiB, physical cap "
                + (Pointer.maxPhysicalBytes() >> 20) + " MiB");
        System.out.println("repetitions: warm-ups " + WARM_UPS + " (+1 for the first batch-1 and 1-prompt series), "
                + "sgemm " + SGEMM_RUNS + ", image b1 " + IMAGE_RUNS + ", image b8 " + BATCH_RUNS + ", text 1 "
                + TEXT1_RUNS + ", text 64 " + TEXT64_RUNS + ", prototypes " + PROTOTYPE_RUNS + ", crops "
                + CROPS_RUNS + ", 1-shot " + ONE_SHOT_RUNS + ", windows " + WINDOWS_RUNS);
    }

    private static String field(String cpuinfo, String name) {
        return cpuinfo.lines().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "unset" : value;
    }

    // ---------------------------------------------------------------- helpers

    /** Seconds per run: the median, and the fastest (the least disturbed by other processes on a shared machine). */
    private record Timing(double median, double min, int runs) {
        @Override
        public String toString() {
            return runs == 1 ? format(median) + " (N=1)" : "median " + format(median) + ", min " + format(min)
                    + " (N=" + runs + ")";
        }

        private static String format(double seconds) {
            return seconds < 1 ? String.format(Locale.ROOT, "%.1f ms", seconds * 1e3)
                    : String.format(Locale.ROOT, "%.2f s", seconds);
        }
    }

    private static Timing time(int warmUps, int runs, Runnable action) {
        for (int i = 0; i < warmUps; i++) {
            action.run();
        }
        double[] samples = new double[Math.max(1, runs)];
        for (int i = 0; i < samples.length; i++) {
            long t = System.nanoTime();
            action.run();
            samples[i] = seconds(System.nanoTime() - t);
        }
        return timing(samples);
    }

    private static Timing timing(double[] samples) {
        return new Timing(median(samples), Arrays.stream(samples).min().orElseThrow(), samples.length);
    }

    private static double median(int warmUps, int runs, Runnable action) {
        return time(warmUps, runs, action).median();
    }

    private static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code -Dbench=imageRuns=9,batchRuns=5} (what the Maven profile passes on), else {@code -Dbench.imageRuns=9}. */
    private static int intProperty(String name, int fallback) {
        String key = name.substring("bench.".length());
        for (String pair : System.getProperty("bench", "").split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length == 2 && parts[0].trim().equals(key)) {
                return Integer.parseInt(parts[1].trim());
            }
        }
        return Integer.getInteger(name, fallback);
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title + "   [load average " + loadAverage() + "]");
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
