package org.clipfusion.diffusion.bench;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.diffusion.internal.CheckpointWeights;
import org.clipfusion.diffusion.mapdiff.internal.MapDiffComponent;
import org.clipfusion.diffusion.mapdiff.internal.MapDiffConfig;
import org.clipfusion.diffusion.scheduler.NoiseScheduler;
import org.clipfusion.diffusion.scheduler.SchedulerConfig;
import org.clipfusion.diffusion.text.SdTextEncoder;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.text.TextEncoding;
import org.clipfusion.diffusion.text.internal.TextEncoderLayout;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.diffusion.unet.UNetModel;
import org.clipfusion.diffusion.unet.internal.UNetArchitecture;
import org.clipfusion.diffusion.unet.internal.UNetWeights;
import org.clipfusion.diffusion.vae.VaeConfig;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.diffusion.vae.VaeEncoding;
import org.clipfusion.diffusion.vae.internal.VaeLayout;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.TensorInfo;
import org.clipfusion.testing.ConfigAnnotations;
import org.clipfusion.testing.SharedFixtures;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A benchmark, not a test: the diffusion branch at full size (Stable Diffusion 1.5: CLIP text encoder, VAE encoder,
 * UNet) with random weights, on the CPU, at 512 px. It writes seeded random F16 checkpoints of the manifests' exact
 * layouts (about 2 GB, the UNet 1.7 GB) with their {@code config.json} into a temporary directory, loads them, and
 * prints load and graph-build times, text-encoder, VAE-encoder and UNet latencies (batch 1 and 4), MapDiff's cost
 * per image (zero-shot and 1-shot), peak resident memory per phase, and achieved GFLOP/s against a same-run sgemm.
 * Everything written is deleted at the end.
 *
 * <p>Run: {@code mvn -q -o -f bundles/diffusion/pom.xml -Pbenchmark verify} (see docs/benchmarks.md). Repetitions
 * with {@code -Dbench=unetRuns=3,vaeRuns=2,...} (names as the {@code bench.*} properties below; every value is
 * printed). Random weights make the outputs meaningless but the cost exact: every op runs on the shapes of the real
 * checkpoints.
 *
 * <p>MapDiff is the scorer of {@code org.clipfusion.diffusion.mapdiff.internal}, built on the models loaded here as
 * {@code MapDiffComponent} builds it with the default {@code MapDiffConfig} (its classes are package-private, so
 * they are reached by reflection): zero-shot score, 1-shot fit on one reference, 1-shot score.
 *
 * <p>Memory: the Maven profile turns SameDiff's per-session array cache off ({@code
 * -Dorg.nd4j.autodiff.samediff=false}); it keeps up to a quarter of JavaCPP's {@code maxbytes} (5 GB at 20g) of
 * released arrays during a forward, and with it a batch-4 UNet forward did not fit in this 24 GB machine.
 */
public final class DiffusionBenchmark {
    private static final String UNET_MANIFEST = "fixtures/manifests/diffusers_UNet2DConditionModel_sd15.json";
    private static final String VAE_MANIFEST = "fixtures/manifests/diffusers_AutoencoderKL_sd15.json";
    private static final String TEXT_MANIFEST = "fixtures/manifests/transformers_CLIPTextModel_sd15.json";
    static final String SCHEDULER_CONFIG = "{\"_class_name\": \"PNDMScheduler\", \"beta_end\": 0.012, "
            + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"num_train_timesteps\": 1000}";
    private static final long SEED = 20240917L;
    private static final int IMAGE_SIDE = 512;
    private static final int TIMESTEP = 100;
    private static final String OBJECT = "metal nut";
    /** method.md §4: the four anomalous states, each a prompt; the UNet sees them as one batch of 4. */
    private static final List<String> PROMPTS = List.of("a photo of a damaged " + OBJECT,
            "a photo of a " + OBJECT + " with flaw", "a photo of a " + OBJECT + " with defect",
            "a photo of a " + OBJECT + " with damage");
    private static final String MAPDIFF = "org.clipfusion.diffusion.mapdiff.internal.";
    /** Parameters per shard when writing a checkpoint: SafetensorsWriter keeps every float[] until it writes. */
    private static final long SHARD_PARAMETERS = 120_000_000L;

    private static final int SGEMM_RUNS = intProperty("bench.sgemmRuns", 9);
    private static final int MICRO_RUNS = intProperty("bench.microRuns", 2);
    private static final int TEXT_RUNS = intProperty("bench.textRuns", 3);
    private static final int VAE_RUNS = intProperty("bench.vaeRuns", 1);
    private static final int UNET_RUNS = intProperty("bench.unetRuns", 1);
    private static final int UNET_BATCH_RUNS = intProperty("bench.unetBatchRuns", 1);
    private static final int MAPDIFF_RUNS = intProperty("bench.mapdiffRuns", 1);
    private static final int ZERO_SHOT_RUNS = intProperty("bench.zeroShotRuns", MAPDIFF_RUNS);
    /** 0 skips sgemm, single ops, text encoder, VAE and UNet timings (e.g. to time MapDiff alone): 1 by default. */
    private static final int MODEL_PHASES = intProperty("bench.modelPhases", 1);
    private static final int PROMPT_BATCH = PROMPTS.size();

    private DiffusionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int preloaded = preloadProjectClasses();
        ObjectMapper json = new ObjectMapper();
        JsonNode unetManifest = json.readTree(SharedFixtures.shared(UNET_MANIFEST).toFile());
        JsonNode vaeManifest = json.readTree(SharedFixtures.shared(VAE_MANIFEST).toFile());
        JsonNode textManifest = json.readTree(SharedFixtures.shared(TEXT_MANIFEST).toFile());
        section("Machine and JVM");
        printMachine();
        System.out.println("preloaded " + preloaded + " classes of the project's jars");

        Path directory = Files.createTempDirectory(Paths.get("/tmp"), "clipfusion-diffusion-bench-");
        try (MemorySampler memory = MemorySampler.start()) {
            run(directory, unetManifest, vaeManifest, textManifest, memory);
            section("Memory over the whole run");
            System.out.printf(Locale.ROOT, "peak resident memory (Pointer.physicalBytes(), sampled every 100 ms): "
                    + "%s%n", mib(memory.peak()));
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

    private static void run(Path directory, JsonNode unetManifest, JsonNode vaeManifest, JsonNode textManifest,
            MemorySampler memory) throws Exception {
        section("Random checkpoints (seeded; N(0, 1/fan_in) weights, small biases, norm gains ~1; F16)");
        Path textDir = writeModel(directory.resolve("text_encoder"), "model.safetensors", textManifest,
                textManifest.get("config"));
        Path vaeDir = writeModel(directory.resolve("vae"), VaeEncoder.WEIGHTS_FILE_NAMES.get(0), vaeManifest,
                vaeManifest.get("config_as_on_hub"));
        Path unetDir = writeModel(directory.resolve("unet"), UNetModel.WEIGHTS_FILE_NAME, unetManifest,
                unetManifest.get("config_as_on_hub"));
        Files.createDirectories(directory.resolve("scheduler"));
        Files.writeString(directory.resolve("scheduler").resolve(NoiseScheduler.CONFIG_FILE_NAME), SCHEDULER_CONFIG,
                StandardCharsets.UTF_8);
        memory.endPhase("checkpoint generation (Java heap: SafetensorsWriter holds a shard's float[] arrays)");
        gc();

        section("Load (page cache warm: the files were just written)");
        SdTextEncoder text = null;
        VaeEncoder vae = null;
        UNetModel unet = null;
        Map<String, Double> loads = new LinkedHashMap<>();
        try {
            long t = System.nanoTime();
            text = load("text encoder (CLIPTextModel, 123 M parameters)", () -> SdTextEncoder.load(textDir));
            loads.put("text", seconds(System.nanoTime() - t));
            t = System.nanoTime();
            vae = load("VAE encoder (84 M parameters in the file, the encoder's 34 M read)",
                    () -> VaeEncoder.load(vaeDir));
            loads.put("vae", seconds(System.nanoTime() - t));
            t = System.nanoTime();
            unet = load("UNet (860 M parameters)", () -> UNetModel.load(unetDir));
            loads.put("unet", seconds(System.nanoTime() - t));
            System.out.printf(Locale.ROOT, "all three models loaded: JavaCPP-tracked off-heap %s (ND4J's CPU "
                    + "buffers are not counted there), resident %s%n", mib(Pointer.totalBytes()),
                    mib(Pointer.physicalBytes()));
            NoiseScheduler scheduler = NoiseScheduler.of(SchedulerConfig.parse(SCHEDULER_CONFIG,
                    "SD 1.5 scheduler_config.json"));
            Scorer mapDiff = mapDiffScorer(text, vae, unet, scheduler, directory);
            memory.endPhase("loading");
            gc();

            InspectionImage query = syntheticImage("query", SEED + 1, true);
            InspectionImage reference = syntheticImage("reference", SEED + 2, false);
            if (MODEL_PHASES != 0) {
                modelPhases(text, vae, unet, scheduler, query, textManifest, vaeManifest, unetManifest, memory);
            }
            gc();
            mapDiff(mapDiff, query, reference, memory);
        } finally {
            for (AutoCloseable model : new AutoCloseable[] {unet, vae, text}) {
                if (model != null) {
                    model.close();
                }
            }
        }
        gc();
        weightsReadAlone(textDir, vaeDir, unetDir, loads);
    }

    private static void modelPhases(SdTextEncoder text, VaeEncoder vae, UNetModel unet, NoiseScheduler scheduler,
            InspectionImage query, JsonNode textManifest, JsonNode vaeManifest, JsonNode unetManifest,
            MemorySampler memory) {
        double sgemm = sgemm();
        micro(sgemm);
        memory.endPhase("sgemm and single ops");
        gc();

        ClipTokenizer tokenizer = ClipTokenizer.load();
        long[][] tokens = tokenizer.tokenize(PROMPTS, PaddingConvention.STABLE_DIFFUSION_1);
        Macs textMacs = textMacs(textManifest.get("tensors"), tokens[0].length);
        try (TextEncoding prompts = textEncoder(text, tokens, textMacs, sgemm);
             INDArray image = vaeInput(query)) {
            memory.endPhase("text encoder");
            Macs vaeMacs = vaeEncoderMacs(vaeManifest, IMAGE_SIDE, IMAGE_SIDE);
            try (INDArray latents = vaeEncoder(vae, image, vaeMacs, sgemm)) {
                memory.endPhase("VAE encoder, batch 1");
                gc();
                Macs unetMacs = unetMacs(unetManifest, IMAGE_SIDE / 8, IMAGE_SIDE / 8, tokens[0].length);
                unetForwards(unet, scheduler, latents, prompts.lastHiddenState(), unetMacs, sgemm, memory);
            }
        }
    }

    // ---------------------------------------------------------------- load

    private static <T> T load(String what, Loader<T> loader) throws IOException {
        long t = System.nanoTime();
        T model = loader.load();
        System.out.printf(Locale.ROOT, "%s: load(dir) %.2f s%n", what, seconds(System.nanoTime() - t));
        return model;
    }

    private interface Loader<T> {
        T load() throws IOException;
    }

    /**
     * The weights alone (safetensors F16 → F32 off-heap, with the layout check), read once more after the models
     * were closed, so that the graph build is the load time minus this. Run last: freed native memory is not all
     * handed back to the system, and doing this before the forwards would raise every later memory figure.
     */
    private static void weightsReadAlone(Path textDir, Path vaeDir, Path unetDir, Map<String, Double> loads)
            throws IOException {
        section("Load split: weights read alone (after the models were closed; page cache warm)");
        TextEncoderConfig textConfig = TextEncoderConfig.read(textDir.resolve(SdTextEncoder.CONFIG_FILE_NAME));
        long t = System.nanoTime();
        CheckpointWeights.read(textDir.resolve("model.safetensors"),
                TextEncoderLayout.of(textConfig, textConfig.hiddenLayers()), textConfig.source()).close();
        printSplit("text encoder", seconds(System.nanoTime() - t), loads.get("text"));
        gc();
        VaeConfig vaeConfig = VaeConfig.read(vaeDir.resolve(VaeEncoder.CONFIG_FILE_NAME));
        t = System.nanoTime();
        CheckpointWeights.read(vaeDir.resolve(VaeEncoder.WEIGHTS_FILE_NAMES.get(0)), VaeLayout.of(vaeConfig),
                vaeConfig.source()).close();
        printSplit("VAE encoder", seconds(System.nanoTime() - t), loads.get("vae"));
        gc();
        UNetConfig unetConfig = UNetConfig.read(unetDir.resolve(UNetModel.CONFIG_FILE_NAME));
        t = System.nanoTime();
        UNetWeights.read(unetDir.resolve(UNetModel.WEIGHTS_FILE_NAME), UNetArchitecture.of(unetConfig)).close();
        printSplit("UNet", seconds(System.nanoTime() - t), loads.get("unet"));
        gc();
    }

    private static void printSplit(String what, double weightsRead, double load) {
        System.out.printf(Locale.ROOT, "%s: weights read alone %.2f s of the %.2f s load -> graph build ~%.2f s%n",
                what, weightsRead, load, Math.max(0, load - weightsRead));
    }

    // ---------------------------------------------------------------- sgemm and single ops

    /**
     * Warm median GFLOP/s of a 1024³ float32 matrix product: {@code Nd4j.gemm} into a preallocated array (OpenBLAS
     * sgemm, the reference every GFLOP/s figure is compared with), and {@code INDArray.mmul}, which allocates its
     * result (printed too; measured several times slower here).
     */
    private static double sgemm() {
        section("sgemm reference (float32, 1024x1024x1024, 2.15 GFLOP)");
        Nd4j.getRandom().setSeed(SEED);
        int n = 1024;
        double flops = 2.0 * n * n * n;
        try (INDArray a = Nd4j.rand(DataType.FLOAT, n, n); INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
             INDArray c = Nd4j.create(DataType.FLOAT, n, n)) {
            Timing mmul = time(3, SGEMM_RUNS, () -> a.mmul(b).close());
            System.out.printf(Locale.ROOT, "INDArray.mmul (allocating the result): %s -> %.1f GFLOP/s at the median, "
                    + "%.1f at the fastest%n", mmul, flops / mmul.median() / 1e9, flops / mmul.min() / 1e9);
            Timing gemm = time(1, SGEMM_RUNS, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
            System.out.printf(Locale.ROOT, "Nd4j.gemm into a preallocated array (OpenBLAS sgemm, the reference "
                    + "below): %s -> %.1f GFLOP/s at the median, %.1f at the fastest%n", gemm,
                    flops / gemm.median() / 1e9, flops / gemm.min() / 1e9);
            return flops / gemm.median() / 1e9;
        }
    }

    /**
     * Three ops that dominate the two models, each alone in a one-op SameDiff graph: the UNet's 3x3 conv at 64²,
     * the VAE's 3x3 conv at 512², and one 64² self-attention's score product (8 heads of 40).
     */
    private static void micro(double sgemmGflops) {
        section("Single ops (one-op SameDiff graphs, batch 1, warm median of " + MICRO_RUNS + ")");
        microConv("UNet level-0 conv 3x3, 320->320 at 64x64", 320, 320, 64, sgemmGflops);
        microConv("VAE level-0 conv 3x3, 128->128 at 512x512", 128, 128, 512, sgemmGflops);
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.placeHolder("q", DataType.FLOAT, 1, 8, 4096, 40);
        SDVariable k = sd.placeHolder("k", DataType.FLOAT, 1, 8, 4096, 40);
        SDVariable scores = sd.mmul(q, k, false, true, false);
        sd.nn().softmax("p", scores.reshape(8, 4096, 4096), 2);
        try (INDArray qa = Nd4j.randn(DataType.FLOAT, 1, 8, 4096, 40);
             INDArray ka = Nd4j.randn(DataType.FLOAT, 1, 8, 4096, 40)) {
            Map<String, INDArray> feeds = Map.of("q", qa, "k", ka);
            Timing mm = time(1, MICRO_RUNS, () -> sd.output(feeds, scores.name()).values()
                    .forEach(INDArray::close));
            Timing withSoftmax = time(1, MICRO_RUNS, () -> sd.output(feeds, "p").values().forEach(INDArray::close));
            double macs = 8.0 * 4096 * 4096 * 40;
            System.out.printf(Locale.ROOT, "UNet level-0 self-attention scores q·kᵀ [8,4096,40]x[8,40,4096] (%.2f "
                            + "GMAC, 537 MB out): %s -> %.1f GFLOP/s (%.0f%% of sgemm); + softmax: %s%n", macs / 1e9,
                    mm, 2 * macs / mm.median() / 1e9, 100 * 2 * macs / mm.median() / 1e9 / sgemmGflops, withSoftmax);
        } finally {
            closeSessions(sd);
        }
    }

    private static void closeSessions(SameDiff sd) {
        sd.getSessions().values().forEach(session -> {
            if (session.getMmgr() != null) {
                session.getMmgr().close();
            }
        });
        sd.getSessions().clear();
    }

    private static void microConv(String what, int in, int out, int side, double sgemmGflops) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, in, side, side);
        SDVariable w = sd.constant("w", Nd4j.randn(DataType.FLOAT, out, in, 3, 3).muli(1 / Math.sqrt(9.0 * in)));
        SDVariable b = sd.constant("b", Nd4j.zeros(DataType.FLOAT, out));
        Conv2DConfig config = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
                .build();
        SDVariable y = sd.cnn().conv2d(x, w, b, config);
        try (INDArray input = Nd4j.randn(DataType.FLOAT, 1, in, side, side)) {
            Map<String, INDArray> feeds = Map.of("x", input);
            Timing timing = time(1, MICRO_RUNS, () -> sd.output(feeds, y.name()).values().forEach(INDArray::close));
            double macs = (double) side * side * out * in * 9;
            System.out.printf(Locale.ROOT, "%s (%.2f GMAC): %s -> %.1f GFLOP/s (%.0f%% of sgemm)%n", what,
                    macs / 1e9, timing, 2 * macs / timing.median() / 1e9,
                    100 * 2 * macs / timing.median() / 1e9 / sgemmGflops);
        } finally {
            closeSessions(sd);
            w.getArr().close();
            b.getArr().close();
        }
    }

    // ---------------------------------------------------------------- text encoder

    private static TextEncoding textEncoder(SdTextEncoder text, long[][] tokens, Macs macs, double sgemm) {
        section("Text encoder (" + PROMPT_BATCH + " anomaly prompts x " + tokens[0].length + " tokens; once per "
                + "category in MapDiff, then cached)");
        System.out.println("analytic cost per prompt: " + macs);
        long t = System.nanoTime();
        text.encode(tokens).close();
        System.out.printf(Locale.ROOT, "first forward (cold graph): %.2f s%n", seconds(System.nanoTime() - t));
        Timing timing = time(0, TEXT_RUNS, () -> text.encode(tokens).close());
        report("encode, " + PROMPT_BATCH + " prompts", timing, PROMPT_BATCH, macs.total(), sgemm);
        return text.encode(tokens);
    }

    // ---------------------------------------------------------------- VAE encoder

    /** @return the image's latents (a copy the caller closes) */
    private static INDArray vaeEncoder(VaeEncoder vae, INDArray image, Macs macs, double sgemm) {
        section("VAE encoder (" + IMAGE_SIDE + "x" + IMAGE_SIDE + " -> 4x" + IMAGE_SIDE / 8 + "x" + IMAGE_SIDE / 8
                + ", batch 1)");
        System.out.println("analytic cost per image: " + macs);
        long t = System.nanoTime();
        INDArray latents;
        try (VaeEncoding encoding = vae.encode(image)) {
            double cold = seconds(System.nanoTime() - t);
            latents = encoding.latents().dup();
            System.out.printf(Locale.ROOT, "first forward (cold graph): %.2f s -> %.1f GFLOP/s; latents %s, mean "
                            + "|z| %.3f, all finite: %b%n", cold, 2 * macs.total() / cold / 1e9,
                    Arrays.toString(encoding.latents().shape()), encoding.latents().ameanNumber().doubleValue(),
                    finite(encoding.latents()));
        }
        Timing timing = time(0, VAE_RUNS, () -> vae.encode(image).close());
        report("encode, batch 1 (warm)", timing, 1, macs.total(), sgemm);
        return latents;
    }

    // ---------------------------------------------------------------- UNet

    private static void unetForwards(UNetModel unet, NoiseScheduler scheduler, INDArray latents,
            INDArray promptStates, Macs macs, double sgemm, MemorySampler memory) {
        int side = IMAGE_SIDE / 8;
        section("UNet (4x" + side + "x" + side + " latents, text " + promptStates.size(1) + "x" + promptStates.size(2)
                + ", timestep " + TIMESTEP + ", output noise_pred)");
        System.out.println("analytic cost per latent: " + macs);
        Nd4j.getRandom().setSeed(SEED + 3);
        try (INDArray noise = Nd4j.randn(DataType.FLOAT, latents.shape());
             INDArray one = scheduler.addNoise(latents, noise, TIMESTEP);
             INDArray text1 = promptStates.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all())
                     .dup();
             INDArray four = Nd4j.concat(0, one, one, one, one)) {
            long t = System.nanoTime();
            try (INDArray prediction = unet.predictNoise(one, TIMESTEP, text1)) {
                double cold = seconds(System.nanoTime() - t);
                System.out.printf(Locale.ROOT, "first forward ever (cold graph), batch 1: %.2f s -> %.1f GFLOP/s; "
                                + "noise_pred mean |x| %.3f, all finite: %b%n", cold, 2 * macs.total() / cold / 1e9,
                        prediction.ameanNumber().doubleValue(), finite(prediction));
            }
            Timing b1 = time(0, UNET_RUNS, () -> unet.predictNoise(one, TIMESTEP, text1).close());
            report("predictNoise, batch 1 (warm)", b1, 1, macs.total(), sgemm);
            memory.endPhase("UNet, batch 1");
            gc();
            Timing b4 = time(0, UNET_BATCH_RUNS, () -> unet.predictNoise(four, TIMESTEP, promptStates).close());
            report("predictNoise, batch " + PROMPT_BATCH + " (the first batch-4 call, shapes new to the session)",
                    b4, PROMPT_BATCH, macs.total(), sgemm);
            memory.endPhase("UNet, batch 4");
        }
    }

    // ---------------------------------------------------------------- MapDiff

    /**
     * The MapDiff scorer of {@code org.clipfusion.diffusion.mapdiff.internal} on the models loaded above, built as
     * {@code MapDiffComponent} builds it (default settings of {@code MapDiffConfig}). Its classes are package-private,
     * so they are reached by reflection; the models are wrapped, not loaded again, and not closed by the scorer.
     */
    static Scorer mapDiffScorer(SdTextEncoder text, VaeEncoder vae, UNetModel unet, NoiseScheduler scheduler,
            Path directory) throws Exception {
        section("MapDiff scorer (org.clipfusion.diffusion.mapdiff, default MapDiffConfig) on the models above");
        String modelId = "bench/stable-diffusion-1.5/random";
        long t = System.nanoTime();
        List<ModelInfo> models = List.of(
                modelInfo(modelId + "/text_encoder", directory.resolve("text_encoder/model.safetensors")),
                modelInfo(modelId + "/vae", directory.resolve("vae").resolve(VaeEncoder.WEIGHTS_FILE_NAMES.get(0))),
                modelInfo(modelId + "/unet", directory.resolve("unet").resolve(UNetModel.WEIGHTS_FILE_NAME)));
        System.out.printf(Locale.ROOT, "SHA-256 of the three weight files (2.1 GB; MapDiffComponent's activation "
                + "hashes them for the bank fingerprint, on top of the loads): %.2f s%n", seconds(System.nanoTime() - t));

        MapDiffConfig config = ConfigAnnotations.of(MapDiffConfig.class, "modelDirectory", directory.toString(),
                "modelId", modelId);
        Method settingsOf = MapDiffComponent.class.getDeclaredMethod("settings", MapDiffConfig.class);
        settingsOf.setAccessible(true);
        Object settings = settingsOf.invoke(null, config);
        Class<?> partsClass = Class.forName(MAPDIFF + "StableDiffusionParts");
        Constructor<?> partsConstructor = partsClass.getDeclaredConstructor(SdTextEncoder.class, VaeEncoder.class,
                UNetModel.class, NoiseScheduler.class, List.class);
        partsConstructor.setAccessible(true);
        Object parts = partsConstructor.newInstance(text, vae, unet, scheduler, models);
        Constructor<?> scorerConstructor = Class.forName(MAPDIFF + "MapDiffScorer").getDeclaredConstructor(
                String.class, partsClass, ClipTokenizer.class, Class.forName(MAPDIFF + "MapDiffSettings"));
        scorerConstructor.setAccessible(true);
        t = System.nanoTime();
        Scorer scorer = (Scorer) scorerConstructor.newInstance(config.id(), parts, ClipTokenizer.load(), settings);
        System.out.printf(Locale.ROOT, "scorer construction (tokenizer load, prompt check, fixed noise): %.2f s%n",
                seconds(System.nanoTime() - t));
        System.out.println("settings: " + settings);
        return scorer;
    }

    private static void mapDiff(Scorer scorer, InspectionImage query, InspectionImage reference,
            MemorySampler memory) throws Exception {
        section("MapDiff per " + IMAGE_SIDE + "x" + IMAGE_SIDE + " image (" + PROMPT_BATCH + " prompts batched, t="
                + TIMESTEP + ", attn2 maps of every up block, features up_blocks.1 + up_blocks.2)");
        CategoryContext context = new CategoryContext("metal_nut", OBJECT, Map.of());
        Method conditioning = scorer.getClass().getDeclaredMethod("conditioning", CategoryContext.class);
        conditioning.setAccessible(true);
        long t = System.nanoTime();
        conditioning.invoke(scorer, context);
        System.out.printf(Locale.ROOT, "text conditioning of the category (4 prompts through the text encoder, then "
                + "cached for every image): %.2f s%n", seconds(System.nanoTime() - t));

        ScorerOutput[] output = new ScorerOutput[1];
        if (ZERO_SHOT_RUNS > 0) {
            Timing zeroShot = time(0, ZERO_SHOT_RUNS, () -> output[0] = score(scorer, query, context, null));
            System.out.printf(Locale.ROOT, "zero-shot score per image (resize, VAE encode, noising, UNet batch %d "
                    + "with the up blocks' attn2 maps and features, language map): %s; maps %s%n", PROMPT_BATCH,
                    zeroShot, describe(output[0]));
            memory.endPhase("MapDiff zero-shot");
            gc();
        }

        ReferenceBank[] bank = new ReferenceBank[1];
        Timing fit = time(0, 1, () -> {
            try {
                bank[0] = scorer.fit(context, List.of(reference));
            } catch (ScorerException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf(Locale.ROOT, "1-shot fit on one reference (VAE encode, UNet batch %d up to up_blocks.2, "
                + "prompt-mean unit rows into the bank): %s%n", PROMPT_BATCH, fit);
        memory.endPhase("MapDiff 1-shot fit");
        gc();
        Timing oneShot = time(0, MAPDIFF_RUNS, () -> output[0] = score(scorer, query, context, bank[0]));
        System.out.printf(Locale.ROOT, "1-shot score per image (the zero-shot work + nearest neighbours of both "
                + "feature layers in the bank): %s; maps %s%n", oneShot, describe(output[0]));
        System.out.printf(Locale.ROOT, "1-shot on one query, fit included: %s%n",
                Timing.format(fit.median() + oneShot.median()));
        memory.endPhase("MapDiff 1-shot score");
    }

    private static ScorerOutput score(Scorer scorer, InspectionImage image, CategoryContext context,
            ReferenceBank bank) {
        try {
            return scorer.score(image, context, bank);
        } catch (ScorerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(ScorerOutput output) {
        StringBuilder text = new StringBuilder();
        output.maps().forEach((role, map) -> {
            double max = Double.NEGATIVE_INFINITY;
            for (float value : map.values()) {
                max = Math.max(max, value);
            }
            text.append(text.length() == 0 ? "" : ", ").append(role).append(' ').append(map.width()).append('x')
                    .append(map.height()).append(String.format(Locale.ROOT, " (max %.4f)", max));
        });
        return text.toString();
    }

    static ModelInfo modelInfo(String id, Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            while (channel.read(buffer.clear()) > 0) {
                digest.update(buffer.flip());
            }
        }
        return new ModelInfo(id, file.toString(), HexFormat.of().formatHex(digest.digest()));
    }

    /** A 512² RGB image: smooth texture, sensor noise, and for the query a dark round spot. */
    static InspectionImage syntheticImage(String id, long seed, boolean defect) {
        SplittableRandom noise = new SplittableRandom(seed);
        byte[] rgb = new byte[3 * IMAGE_SIDE * IMAGE_SIDE];
        for (int y = 0; y < IMAGE_SIDE; y++) {
            for (int x = 0; x < IMAGE_SIDE; x++) {
                double dx = x - 352;
                double dy = y - 160;
                boolean spot = defect && dx * dx + dy * dy <= 40 * 40;
                double[] values = spot ? new double[] {20, 15, 10} : new double[] {
                    150 + 40 * Math.sin(x / 27.0) * Math.cos(y / 37.0), 120 + 30 * Math.cos((x + y) / 48.0),
                    90 + 20 * Math.sin(y / 21.0)};
                for (int c = 0; c < 3; c++) {
                    rgb[3 * (y * IMAGE_SIDE + x) + c] = (byte) Math.max(0, Math.min(255,
                            Math.round(values[c] + 3 * gaussian(noise))));
                }
            }
        }
        return new InspectionImage(id, IMAGE_SIDE, IMAGE_SIDE, rgb, Map.of());
    }

    /** NCHW [1, 3, H, W] in [−1, 1] (2·v/255 − 1), as diffusers' VaeImageProcessor and MapDiff feed the VAE. */
    private static INDArray vaeInput(InspectionImage image) {
        int plane = image.width() * image.height();
        float[] values = new float[3 * plane];
        byte[] rgb = image.rgb();
        for (int pixel = 0; pixel < plane; pixel++) {
            for (int c = 0; c < 3; c++) {
                values[c * plane + pixel] = 2f * ((rgb[3 * pixel + c] & 0xFF) / 255f) - 1f;
            }
        }
        return Nd4j.create(values, new long[] {1, 3, image.height(), image.width()}, 'c');
    }

    private static boolean finite(INDArray array) {
        double sum = array.sumNumber().doubleValue();
        return Double.isFinite(sum);
    }

    private static void report(String what, Timing timing, int items, double macsPerItem, double sgemmGflops) {
        double perItem = timing.median() / items;
        double gflops = 2 * macsPerItem / perItem / 1e9;
        System.out.printf(Locale.ROOT, "%s: %s per call = %s per item -> %.1f GFLOP/s (%.0f%% of the sgemm figure; "
                        + "%.1f GFLOP/s at the fastest run)%n", what, timing, Timing.format(perItem), gflops,
                100 * gflops / sgemmGflops, 2 * macsPerItem * items / timing.min() / 1e9);
    }

    // ---------------------------------------------------------------- random checkpoints

    /**
     * Writes {@code config.json} and a random F16 checkpoint with every tensor of the manifest into {@code dir}.
     * SafetensorsWriter keeps every float[] it was given until it writes (3.4 GB of heap for the UNet), so large
     * models are written in shards of {@value #SHARD_PARAMETERS} parameters that are then joined into one file.
     */
    static Path writeModel(Path dir, String fileName, JsonNode manifest, JsonNode config) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(config), StandardCharsets.UTF_8);
        JsonNode tensors = manifest.get("tensors");
        long t = System.nanoTime();
        List<Path> shards = new ArrayList<>();
        SafetensorsWriter writer = null;
        long inShard = 0;
        long parameters = 0;
        for (int index = 0; index < tensors.size(); index++) {
            JsonNode tensor = tensors.get(index);
            String name = tensor.get("name").asText();
            long[] shape = new long[tensor.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.get("shape").get(d).asLong();
            }
            int count = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
            if (writer == null) {
                writer = new SafetensorsWriter();
                writer.putMetadata("format", "pt");
            }
            writer.addFloats(name, DType.F16, shape, randomValues(name, shape, count, SEED + 7919L * index
                    + manifest.get("model_class").asText().hashCode()));
            inShard += count;
            parameters += count;
            if (inShard >= SHARD_PARAMETERS || index == tensors.size() - 1) {
                Path shard = dir.resolve("shard-" + shards.size() + ".safetensors");
                writer.writeTo(shard);
                shards.add(shard);
                writer = null;
                inShard = 0;
            }
        }
        Path file = dir.resolve(fileName);
        if (shards.size() == 1) {
            Files.move(shards.get(0), file, StandardCopyOption.REPLACE_EXISTING);
        } else {
            join(shards, file);
            for (Path shard : shards) {
                Files.delete(shard);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d tensors, %,d parameters (manifest: %,d), %.1f MB F16 in %d shard(s), "
                        + "%.1f s (not part of any figure below)%n", file, tensors.size(), parameters,
                manifest.get("num_parameters").asLong(), Files.size(file) / 1e6, shards.size(),
                seconds(System.nanoTime() - t));
        return dir;
    }

    /**
     * Norm gains (rank-1 {@code weight}) 1 + N(0, 0.02²), biases N(0, 0.01²), every other tensor (convs, linears,
     * embeddings) N(0, 1/fan_in) with fan_in the product of all but the first dimension. Chunks of 1 M values are
     * generated in parallel, each from its own seeded stream, so the values do not depend on the thread count.
     */
    private static float[] randomValues(String name, long[] shape, int count, long seed) {
        float[] values = new float[count];
        double mean;
        double std;
        if (name.endsWith("bias")) {
            mean = 0;
            std = 0.01;
        } else if (shape.length == 1) {
            mean = 1;
            std = 0.02;
        } else {
            long fanIn = 1;
            for (int d = 1; d < shape.length; d++) {
                fanIn *= shape[d];
            }
            mean = 0;
            std = 1 / Math.sqrt(fanIn);
        }
        int chunk = 1 << 20;
        int chunks = (count + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
            int end = Math.min(count, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i += 2) {
                // Box–Muller: two normals per pair of uniforms.
                double radius = std * Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
                double angle = 2 * Math.PI * random.nextDouble();
                values[i] = (float) (mean + radius * Math.cos(angle));
                if (i + 1 < end) {
                    values[i + 1] = (float) (mean + radius * Math.sin(angle));
                }
            }
        });
        return values;
    }

    /**
     * Joins safetensors shards into one file: one header listing every tensor with its offset moved by the shard's
     * start, then the shards' data sections one after another (copied by the kernel).
     */
    private static void join(List<Path> shards, Path target) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long[] dataStarts = new long[shards.size()];
        long[] dataLengths = new long[shards.size()];
        long base = 0;
        for (int s = 0; s < shards.size(); s++) {
            Path shard = shards.get(s);
            dataStarts[s] = 8 + headerLength(shard);
            dataLengths[s] = Files.size(shard) - dataStarts[s];
            try (SafetensorsFile file = SafetensorsFile.open(shard)) {
                List<TensorInfo> infos = new ArrayList<>(file.tensors().values());
                infos.sort(Comparator.comparingLong(TensorInfo::dataBegin));
                for (TensorInfo info : infos) {
                    if (info.name().contains("\"") || info.name().contains("\\")) {
                        throw new IOException("tensor name needs JSON escaping: " + info.name());
                    }
                    header.append(",\"").append(info.name()).append("\":{\"dtype\":\"").append(info.dtype().name())
                            .append("\",\"shape\":").append(Arrays.toString(info.shape()).replace(" ", ""))
                            .append(",\"data_offsets\":[").append(base + info.dataBegin()).append(',')
                            .append(base + info.dataEnd()).append("]}");
                }
            }
            base += dataLengths[s];
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            writeFully(out, length.flip());
            writeFully(out, ByteBuffer.wrap(headerBytes));
            for (int s = 0; s < shards.size(); s++) {
                try (FileChannel in = FileChannel.open(shards.get(s), StandardOpenOption.READ)) {
                    long done = 0;
                    while (done < dataLengths[s]) {
                        done += in.transferTo(dataStarts[s] + done, dataLengths[s] - done, out);
                    }
                }
            }
        }
    }

    private static long headerLength(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read the 8-byte header length
            }
            return bytes.flip().getLong();
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    // ---------------------------------------------------------------- MAC counts from the manifests' tensor shapes

    /** Multiply-accumulates of one forward, per item: convolutions, linear layers, attention score/value products. */
    record Macs(double conv, double linear, double attention) {
        double total() {
            return conv + linear + attention;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f GMAC = %.1f GFLOP (convolutions %.1f, linear layers %.1f, "
                    + "attention scores + values %.1f GMAC)", total() / 1e9, 2 * total() / 1e9, conv / 1e9,
                    linear / 1e9, attention / 1e9);
        }
    }

    private static final Pattern BLOCK = Pattern.compile("^(down_blocks|up_blocks)\\.(\\d+)\\.(\\w+)\\.");

    /**
     * The UNet's MACs at {@code height × width} latents and {@code textLength} tokens, from the manifest's tensor
     * shapes: every rank-4 weight [o, i, kh, kw] costs o·i·kh·kw per output pixel, every rank-2 weight [o, i]
     * o·i per row (pixels of its block, text tokens for {@code attn2.to_k/to_v}, one for the time embedding), every
     * attention 2·T·S·inner. The resolution of a module follows from its path (down block i at 1/2^i, its
     * downsampler at the next level, the mid block at the deepest level, up block i at the deepest level × 2^i,
     * its upsampler at twice that).
     */
    static Macs unetMacs(JsonNode manifest, int height, int width, int textLength) {
        int levels = manifest.get("config_as_on_hub").get("block_out_channels").size();
        double conv = 0;
        double linear = 0;
        double attention = 0;
        for (JsonNode tensor : manifest.get("tensors")) {
            String name = tensor.get("name").asText();
            long[] shape = shape(tensor);
            if (!name.endsWith(".weight") || shape.length < 2) {
                continue;
            }
            int scale = unetScale(name, levels);
            double pixels = (double) (height >> scale) * (width >> scale);
            double elements = Arrays.stream(shape).asDoubleStream().reduce(1, (a, b) -> a * b);
            if (shape.length == 4) {
                conv += pixels * elements;
            } else if (name.startsWith("time_embedding.") || name.endsWith(".time_emb_proj.weight")) {
                linear += elements;
            } else if (name.contains(".attn2.to_k.") || name.contains(".attn2.to_v.")) {
                linear += textLength * elements;
            } else {
                linear += pixels * elements;
                if (name.endsWith(".to_q.weight")) {
                    double keys = name.contains(".attn1.") ? pixels : textLength;
                    attention += 2 * pixels * keys * shape[0];
                }
            }
        }
        return new Macs(conv, linear, attention);
    }

    /** log2 of the downscaling of the module {@code name} relative to the latent. */
    private static int unetScale(String name, int levels) {
        if (name.startsWith("mid_block.")) {
            return levels - 1;
        }
        Matcher block = BLOCK.matcher(name);
        if (!block.find()) {
            return 0; // conv_in, conv_out, time embedding
        }
        int index = Integer.parseInt(block.group(2));
        boolean down = block.group(1).equals("down_blocks");
        int scale = down ? index : levels - 1 - index;
        if (block.group(3).equals("downsamplers")) {
            return scale + 1;
        }
        if (block.group(3).equals("upsamplers")) {
            return scale - 1;
        }
        return scale;
    }

    /** The VAE encoder's (and quant_conv's) MACs at {@code height × width} pixels, from the manifest's tensors. */
    static Macs vaeEncoderMacs(JsonNode manifest, int height, int width) {
        int levels = manifest.get("config_as_on_hub").get("block_out_channels").size();
        Pattern down = Pattern.compile("^encoder\\.down_blocks\\.(\\d+)\\.(\\w+)\\.");
        double conv = 0;
        double linear = 0;
        double attention = 0;
        for (JsonNode tensor : manifest.get("tensors")) {
            String name = tensor.get("name").asText();
            long[] shape = shape(tensor);
            if (!(name.startsWith("encoder.") || name.startsWith("quant_conv.")) || !name.endsWith(".weight")
                    || shape.length < 2) {
                continue;
            }
            int scale;
            Matcher block = down.matcher(name);
            if (block.find()) {
                scale = Integer.parseInt(block.group(1)) + (block.group(2).equals("downsamplers") ? 1 : 0);
            } else if (name.startsWith("encoder.conv_in.")) {
                scale = 0;
            } else {
                scale = levels - 1; // mid block, conv_out, quant_conv
            }
            double pixels = (double) (height >> scale) * (width >> scale);
            double elements = Arrays.stream(shape).asDoubleStream().reduce(1, (a, b) -> a * b);
            if (shape.length == 4) {
                conv += pixels * elements;
            } else {
                linear += pixels * elements;
                if (name.endsWith(".to_q.weight") || name.endsWith(".query.weight")) {
                    attention += 2 * pixels * pixels * shape[0];
                }
            }
        }
        return new Macs(conv, linear, attention);
    }

    /** The text encoder's MACs for one sequence of {@code tokens} (embeddings are look-ups, not counted). */
    static Macs textMacs(JsonNode tensors, int tokens) {
        double linear = 0;
        double attention = 0;
        for (JsonNode tensor : tensors) {
            String name = tensor.get("name").asText();
            long[] shape = shape(tensor);
            if (shape.length != 2 || name.contains("embeddings")) {
                continue;
            }
            linear += (double) tokens * shape[0] * shape[1];
            if (name.endsWith(".q_proj.weight")) {
                attention += 2.0 * tokens * tokens * shape[0];
            }
        }
        return new Macs(0, linear, attention);
    }

    private static long[] shape(JsonNode tensor) {
        long[] shape = new long[tensor.get("shape").size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = tensor.get("shape").get(d).asLong();
        }
        return shape;
    }

    // ---------------------------------------------------------------- memory

    /**
     * Samples the process's resident memory ({@link Pointer#physicalBytes()}, i.e. RSS: the Java heap, ND4J's
     * off-heap buffers and everything else) every 100 ms on a daemon thread; keeps the maximum of the whole run and
     * of the current phase.
     */
    private static final class MemorySampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong phasePeak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private MemorySampler() {
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
        }

        static MemorySampler start() {
            MemorySampler sampler = new MemorySampler();
            sampler.thread.start();
            return sampler;
        }

        private void sample() {
            long now = Pointer.physicalBytes();
            peak.accumulateAndGet(now, Math::max);
            phasePeak.accumulateAndGet(now, Math::max);
        }

        long peak() {
            sample();
            return peak.get();
        }

        /** Prints and resets the phase's peak. */
        void endPhase(String phase) {
            sample();
            long now = Pointer.physicalBytes();
            System.out.printf(Locale.ROOT, "  [memory] peak resident during %s: %s (now %s)%n", phase,
                    mib(phasePeak.getAndSet(now)), mib(now));
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    /** ND4J frees native buffers when their Java objects are collected; phases start from a clean state. */
    private static void gc() {
        System.gc();
        System.runFinalization();
        System.gc();
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
        String meminfo = Files.exists(Paths.get("/proc/meminfo")) ? Files.readString(Paths.get("/proc/meminfo")) : "";
        System.out.println("memory: MemTotal " + field(meminfo, "MemTotal") + ", MemAvailable "
                + field(meminfo, "MemAvailable"));
        System.out.println("load average (1/5/15 min): " + loadAverage() + " (a shared machine: other jobs run too)");
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
        System.out.println("repetitions: sgemm " + SGEMM_RUNS + ", single ops " + MICRO_RUNS + ", text " + TEXT_RUNS
                + ", VAE " + VAE_RUNS + " (after a cold first), UNet b1 " + UNET_RUNS + " (after a cold first), UNet b4 "
                + UNET_BATCH_RUNS + ", MapDiff zero-shot " + ZERO_SHOT_RUNS + ", 1-shot fit 1, 1-shot score " + MAPDIFF_RUNS
                + (MODEL_PHASES == 0 ? "; model phases skipped (bench.modelPhases=0)" : ""));
        System.out.println("SameDiff array cache (ArrayCacheMemoryMgr, up to 1/4 of JavaCPP maxbytes of released "
                + "arrays per session): " + (Boolean.parseBoolean(System.getProperty("org.nd4j.autodiff.samediff",
                "true")) ? "on" : "off (-Dorg.nd4j.autodiff.samediff=false)"));
    }

    private static String field(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name)).findFirst()
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

    /**
     * Defines every class of the project's jars on the class path now. A run takes minutes, and on a machine where
     * other builds install the same snapshot jars into the local repository meanwhile, a class loaded late can be
     * read from a half-rewritten jar.
     */
    private static int preloadProjectClasses() throws IOException {
        int count = 0;
        ClassLoader loader = DiffusionBenchmark.class.getClassLoader();
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

    // ---------------------------------------------------------------- helpers

    /** Seconds per run: the median, and the fastest (the least disturbed by other processes on a shared machine). */
    private record Timing(double median, double min, int runs) {
        @Override
        public String toString() {
            return runs == 1 ? format(median) + " (N=1)" : "median " + format(median) + ", min " + format(min)
                    + " (N=" + runs + ")";
        }

        static String format(double seconds) {
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
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new Timing(median, sorted[0], n);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** {@code -Dbench=unetRuns=3,vaeRuns=2} (what the Maven profile passes on), else {@code -Dbench.unetRuns=3}. */
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
        System.out.println("== " + title);
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
