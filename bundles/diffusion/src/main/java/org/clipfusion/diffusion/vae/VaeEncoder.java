package org.clipfusion.diffusion.vae;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.CheckpointWeights;
import org.clipfusion.diffusion.internal.ModelFiles;
import org.clipfusion.diffusion.vae.internal.VaeEncoderGraph;
import org.clipfusion.diffusion.vae.internal.VaeImages;
import org.clipfusion.diffusion.vae.internal.VaeLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The encoder half of Stable Diffusion's VAE (diffusers {@code AutoencoderKL}) as a SameDiff graph equal to
 * diffusers in fp32: images in [−1, 1] → posterior mean → latents = (mean − shift_factor) × scaling_factor, the
 * deterministic encoding (no sampling) that one-step methods such as MapDiff use.
 *
 * <p><b>Images.</b> NCHW {@code [B, in_channels, H, W]} in [−1, 1] (diffusers' {@code VaeImageProcessor}: 2·x/255 −
 * 1), H and W any multiples of {@link VaeConfig#downsamplingFactor()}; latents are {@code [B, latent, H/f, W/f]}.
 * Other float types are converted.
 *
 * <p><b>Arrays and threads.</b> Results are new float32 arrays owned by the caller (off-heap: close them); nothing
 * of a call is kept. Instances may be shared; calls run one at a time.
 *
 * <p><b>Files.</b> A diffusers {@code vae/} directory: {@code config.json} and {@code
 * diffusion_pytorch_model.safetensors} (or {@code diffusion_pytorch_model.fp16.safetensors}), F32/F16/BF16, current
 * or pre-0.14 attention key names. The decoder's tensors are checked but not read.
 */
public final class VaeEncoder implements AutoCloseable {
    /** Weight file names {@link #load(Path)} looks for, in order. */
    public static final List<String> WEIGHTS_FILE_NAMES = List.of("diffusion_pytorch_model.safetensors",
            "diffusion_pytorch_model.fp16.safetensors");
    /** The config file name. */
    public static final String CONFIG_FILE_NAME = "config.json";

    private final VaeConfig config;
    private final VaeEncoderGraph graph;

    private VaeEncoder(VaeConfig config, VaeEncoderGraph graph) {
        this.config = config;
        this.graph = graph;
    }

    /**
     * Loads the VAE in {@code directory} (see the class comment for the file names).
     *
     * @throws ModelLoadException when a file is missing, the config is invalid or unsupported, or the checkpoint does
     *     not match it (naming every missing, unexpected and mis-shaped key)
     */
    public static VaeEncoder load(Path directory) throws IOException {
        VaeConfig config = VaeConfig.read(directory.resolve(CONFIG_FILE_NAME));
        return load(config, ModelFiles.firstExisting(directory, WEIGHTS_FILE_NAMES, "VAE weights"));
    }

    /** Loads {@code weightsFile} (safetensors, diffusers key names) for {@code config}; see {@link #load(Path)}. */
    public static VaeEncoder load(VaeConfig config, Path weightsFile) throws IOException {
        CheckpointWeights weights = CheckpointWeights.read(weightsFile, VaeLayout.of(config), config.source());
        try {
            return new VaeEncoder(config, VaeEncoderGraph.build(config, weights));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The architecture. */
    public VaeConfig config() {
        return config;
    }

    /**
     * The posterior mean and the scaled latents of {@code images}.
     *
     * @throws IllegalArgumentException for images of the wrong rank, channel count, size or type
     */
    public VaeEncoding encode(INDArray images) {
        Map<String, INDArray> outputs = outputs(images, VaeOutputs.POSTERIOR_MEAN, VaeOutputs.LATENTS);
        return new VaeEncoding(outputs.get(VaeOutputs.POSTERIOR_MEAN), outputs.get(VaeOutputs.LATENTS));
    }

    /**
     * Any of {@link VaeOutputs#ALL} from one forward.
     *
     * @throws IllegalArgumentException for an unknown name, or images as {@link #encode} rejects them
     */
    public Map<String, INDArray> outputs(INDArray images, String... names) {
        List<String> requested = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(names)));
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("name at least one output: " + VaeOutputs.ALL);
        }
        for (String name : requested) {
            if (!VaeOutputs.ALL.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an output of the VAE encoder "
                        + VaeOutputs.ALL);
            }
        }
        try (VaeImages input = VaeImages.of(images, config)) {
            return graph.run(input.array(), requested);
        }
    }

    /** Inference sessions left in the graph; 0 between calls (every call frees its own). For tests. */
    int openSessions() {
        return graph.openSessions();
    }

    /** Frees the graph and the weights; later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        graph.close();
    }
}
