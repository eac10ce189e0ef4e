package org.clipfusion.diffusion.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.clip.model.OpenClipOutputs;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.diffusion.scheduler.NoiseScheduler;
import org.clipfusion.diffusion.scheduler.SchedulerConfig;
import org.clipfusion.diffusion.text.SdTextEncoder;
import org.clipfusion.diffusion.unet.UNetModel;
import org.clipfusion.diffusion.unet.UNetOutputs;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.runtime.internal.DeadTensorCollector;
import org.clipfusion.testing.ConfigAnnotations;
import org.clipfusion.testing.SharedFixtures;
import org.clipfusion.testing.WorkloadTimer;
import org.clipfusion.testing.WorkloadTimer.Call;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The Java side of {@code bench/compare}: one workload of the PyTorch reference ({@code
 * shared/bench/torch-reference/bench.py}, same names) per process, on full-size random-weight checkpoints, printing
 * one JSON line with the timed calls and the process's peak resident memory. A benchmark, not a test.
 *
 * <p>{@code prepare DIR} writes the four checkpoints (open_clip ViT-B-16-plus-240, SD 1.5 text encoder, VAE, UNet;
 * seeded F16, from the manifests in {@code shared/fixtures/manifests}) once; {@code run NAME DIR RUNS WARMUPS} loads
 * what the workload needs (not timed), makes WARMUPS calls, then times RUNS calls. Everything but the JSON line goes
 * to stderr. The peak resident memory is the process's {@code VmHWM}, like the reference's {@code ru_maxrss}: JVM,
 * weights, activations.
 */
public final class CompareWorkloads {
    /** {@code clipfusion-zero-shot} runs through the Detector, in the engine's DetectorWorkload. */
    static final List<String> NAMES = List.of("vae-encode-512", "unet-b4", "clip-visual-tokens-b8",
            "patchclip-crops-35", "clip-text-231", "mapdiff");
    private static final String CLIP_MANIFEST = "fixtures/manifests/open_clip_ViT-B-16-plus-240.json";
    private static final String UNET_MANIFEST = "fixtures/manifests/diffusers_UNet2DConditionModel_sd15.json";
    private static final String VAE_MANIFEST = "fixtures/manifests/diffusers_AutoencoderKL_sd15.json";
    private static final String TEXT_MANIFEST = "fixtures/manifests/transformers_CLIPTextModel_sd15.json";
    private static final String CLIP_INTERNAL = "org.clipfusion.clip.internal.";
    /** The reference's clip-text-231 object and chunk size. */
    private static final String TEXT_OBJECT = "hazelnut";
    private static final int TEXT_CHUNK = 32;
    private static final int TIMESTEP = 100;

    private CompareWorkloads() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream json = System.out;
        System.setOut(System.err);
        if (args.length == 2 && args[0].equals("prepare")) {
            prepare(Paths.get(args[1]));
        } else if (args.length == 5 && args[0].equals("run") && NAMES.contains(args[1])) {
            run(args[1], Paths.get(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), json);
        } else {
            System.err.println("usage: CompareWorkloads prepare DIR | run NAME DIR RUNS WARMUPS; NAME one of "
                    + NAMES + ", got " + Arrays.toString(args));
            System.exit(2);
        }
        // ND4J's native threads are not all daemons.
        System.exit(0);
    }

    private static void prepare(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode clip = mapper.readTree(SharedFixtures.shared(CLIP_MANIFEST).toFile());
        JsonNode text = mapper.readTree(SharedFixtures.shared(TEXT_MANIFEST).toFile());
        JsonNode vae = mapper.readTree(SharedFixtures.shared(VAE_MANIFEST).toFile());
        JsonNode unet = mapper.readTree(SharedFixtures.shared(UNET_MANIFEST).toFile());
        writeOnce(dir.resolve("open_clip"), "model.safetensors", clip, clip.get("config"));
        Path sd = dir.resolve("sd15");
        writeOnce(sd.resolve("text_encoder"), "model.safetensors", text, text.get("config"));
        writeOnce(sd.resolve("vae"), VaeEncoder.WEIGHTS_FILE_NAMES.get(0), vae, vae.get("config_as_on_hub"));
        writeOnce(sd.resolve("unet"), UNetModel.WEIGHTS_FILE_NAME, unet, unet.get("config_as_on_hub"));
        Files.createDirectories(sd.resolve("scheduler"));
        Files.writeString(sd.resolve("scheduler").resolve(NoiseScheduler.CONFIG_FILE_NAME),
                DiffusionBenchmark.SCHEDULER_CONFIG, StandardCharsets.UTF_8);
    }

    private static void writeOnce(Path dir, String fileName, JsonNode manifest, JsonNode config) throws IOException {
        if (Files.isRegularFile(dir.resolve(fileName)) && Files.isRegularFile(dir.resolve("config.json"))) {
            System.err.println(dir.resolve(fileName) + " exists, kept");
            return;
        }
        DiffusionBenchmark.writeModel(dir, fileName, manifest, config);
    }

    private static void run(String name, Path dir, int runs, int warmUps, PrintStream json) throws Exception {
        long setupStart = System.nanoTime();
        Path sd = dir.resolve("sd15");
        List<AutoCloseable> resources = new ArrayList<>();
        // As the distribution's runtime does (gcWindowMillis = 5000): ND4J frees the buffers of arrays nobody
        // closed only when their objects are collected. -Dbench.gcWindowMillis=0 to compare without.
        int gcWindowMillis = Integer.getInteger("bench.gcWindowMillis", 5000);
        if (gcWindowMillis > 0) {
            resources.add(DeadTensorCollector.start(gcWindowMillis));
        }
        Call call = switch (name) {
            case "vae-encode-512" -> vaeEncode(sd, resources);
            case "unet-b4" -> unetBatch4(sd, resources);
            case "clip-visual-tokens-b8" -> visualTokens(dir, resources);
            case "clip-text-231" -> text231(dir, resources);
            case "patchclip-crops-35" -> patchClipScore(dir, resources);
            case "mapdiff" -> mapDiffScore(sd, resources);
            default -> throw new IllegalArgumentException(name);
        };
        WorkloadTimer.time(name, call, runs, warmUps, (System.nanoTime() - setupStart) / 1e9,
                Nd4j.getEnvironment().maxThreads(), json);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    // ------------------------------------------------------------------ workloads

    /** {@code AutoencoderKL.encode(2·img − 1)} of one random 512² image. */
    private static Call vaeEncode(Path sd, List<AutoCloseable> resources) throws IOException {
        VaeEncoder vae = VaeEncoder.load(sd.resolve("vae"));
        resources.add(vae);
        Nd4j.getRandom().setSeed(1);
        INDArray image = Nd4j.rand(DataType.FLOAT, 1, 3, 512, 512).muli(2).subi(1);
        return () -> vae.encode(image).close();
    }

    /** UNet batch 4 at 64² latents, t = 100, with the up blocks' attn2 probabilities and up_blocks.1/.2 outputs. */
    private static Call unetBatch4(Path sd, List<AutoCloseable> resources) throws IOException {
        UNetModel unet = UNetModel.load(sd.resolve("unet"));
        resources.add(unet);
        List<String> outputs = unetCaptures(unet);
        Nd4j.getRandom().setSeed(2);
        INDArray latents = Nd4j.randn(DataType.FLOAT, 4, 4, 64, 64);
        INDArray context = Nd4j.randn(DataType.FLOAT, 4, 77, 768);
        return () -> unet.run(latents, TIMESTEP, context, outputs).values().forEach(INDArray::close);
    }

    static List<String> unetCaptures(UNetModel unet) {
        List<String> outputs = new ArrayList<>(List.of(UNetOutputs.NOISE_PRED));
        unet.crossAttentionOutputNames().stream().filter(n -> n.contains("up")).forEach(outputs::add);
        outputs.add(unet.upBlockOutputNames().get(1));
        outputs.add(unet.upBlockOutputNames().get(2));
        System.err.println("# UNet outputs: " + outputs);
        return outputs;
    }

    /** {@code model.visual} with patch tokens on a random batch of 8 preprocessed 240² images. */
    private static Call visualTokens(Path dir, List<AutoCloseable> resources) throws IOException {
        OpenClipModel model = OpenClipModel.load(dir.resolve("open_clip"));
        resources.add(model);
        Nd4j.getRandom().setSeed(3);
        INDArray images = Nd4j.randn(DataType.FLOAT, 8, 3, 240, 240);
        return () -> model.imageOutputs(images, OpenClipOutputs.IMAGE_FEATURES, OpenClipOutputs.PATCH_TOKENS)
                .values().forEach(INDArray::close);
    }

    /** {@code encode_text} of the 231 WinCLIP prompts of "hazelnut" in chunks of 32 (what a prototype costs). */
    private static Call text231(Path dir, List<AutoCloseable> resources) throws Exception {
        OpenClipModel model = OpenClipModel.load(dir.resolve("open_clip"));
        resources.add(model);
        Object ensemble = invoke(patchClipSettings(dir), "prompts");
        List<String> prompts = new ArrayList<>();
        prompts.addAll(castList(invoke(ensemble, "normalPrompts", TEXT_OBJECT)));
        prompts.addAll(castList(invoke(ensemble, "anomalousPrompts", TEXT_OBJECT)));
        System.err.println("# " + prompts.size() + " prompts");
        long[][] ids = ClipTokenizer.load().tokenize(prompts, PaddingConvention.OPEN_CLIP);
        return () -> {
            for (int start = 0; start < ids.length; start += TEXT_CHUNK) {
                model.encodeText(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + TEXT_CHUNK))).close();
            }
        };
    }

    /** The PatchCLIP scorer's zero-shot score of a 512² image (35 views in its default crops mode). */
    private static Call patchClipScore(Path dir, List<AutoCloseable> resources) throws Exception {
        Scorer scorer = patchClipScorer(dir, resources);
        InspectionImage image = DiffusionBenchmark.syntheticImage("query", 11, true);
        CategoryContext context = new CategoryContext("metal_nut", "metal nut", Map.of());
        return () -> scorer.score(image, context, null);
    }

    /** The MapDiff scorer's zero-shot score of a 512² image (VAE, noising, UNet batch 4 with captures, maps). */
    private static Call mapDiffScore(Path sd, List<AutoCloseable> resources) throws Exception {
        Scorer scorer = mapDiffScorer(sd, resources);
        InspectionImage image = DiffusionBenchmark.syntheticImage("query", 11, true);
        CategoryContext context = new CategoryContext("metal_nut", "metal nut", Map.of());
        return () -> scorer.score(image, context, null);
    }

    // ------------------------------------------------------------------ scorers as their components build them

    private static Scorer mapDiffScorer(Path sd, List<AutoCloseable> resources) throws Exception {
        SdTextEncoder text = SdTextEncoder.load(sd.resolve("text_encoder"));
        resources.add(text);
        VaeEncoder vae = VaeEncoder.load(sd.resolve("vae"));
        resources.add(vae);
        UNetModel unet = UNetModel.load(sd.resolve("unet"));
        resources.add(unet);
        NoiseScheduler scheduler = NoiseScheduler.of(SchedulerConfig.parse(DiffusionBenchmark.SCHEDULER_CONFIG,
                "SD 1.5 scheduler_config.json"));
        return DiffusionBenchmark.mapDiffScorer(text, vae, unet, scheduler, sd);
    }

    private static Object patchClipSettings(Path dir) throws Exception {
        Class<?> configClass = Class.forName(CLIP_INTERNAL + "PatchClipConfig");
        Object config = ConfigAnnotations.of(configClass, "modelDirectory", dir.resolve("open_clip").toString());
        Method settings = Class.forName(CLIP_INTERNAL + "PatchClipComponent").getDeclaredMethod("settings",
                configClass);
        settings.setAccessible(true);
        return settings.invoke(null, config);
    }

    private static Scorer patchClipScorer(Path dir, List<AutoCloseable> resources) throws Exception {
        Path modelDir = dir.resolve("open_clip");
        OpenClipModel model = OpenClipModel.load(modelDir);
        resources.add(model);
        Object settings = patchClipSettings(dir);
        Path weights = modelDir.resolve("model.safetensors");
        ModelInfo info = DiffusionBenchmark.modelInfo("bench/ViT-B-16-plus-240/random", weights);
        Class<?> preprocessConfig = Class.forName(CLIP_INTERNAL + "PreprocessConfig");
        Method read = Arrays.stream(preprocessConfig.getDeclaredMethods()).filter(m -> m.getName().equals("read"))
                .findFirst().orElseThrow();
        read.setAccessible(true);
        Object preprocessor = read.invoke(null, modelDir, model.config());
        Constructor<?> constructor = Arrays.stream(Class.forName(CLIP_INTERNAL + "PatchClipScorer")
                .getDeclaredConstructors()).filter(c -> c.getParameterCount() == 6).findFirst().orElseThrow();
        constructor.setAccessible(true);
        return (Scorer) constructor.newInstance("patchclip", model, info, ClipTokenizer.load(), preprocessor,
                settings);
    }

    // ------------------------------------------------------------------ helpers

    private static Object invoke(Object target, String method, Object... args) throws Exception {
        for (Method m : target.getClass().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(target.getClass() + "." + method);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }
}
