package org.clipfusion.diffusion.text;

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
import org.clipfusion.diffusion.text.internal.TextEncoderGraph;
import org.clipfusion.diffusion.text.internal.TextEncoderLayout;
import org.clipfusion.diffusion.text.internal.TokenRows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stable Diffusion's text encoder, transformers' {@code CLIPTextModel}, as a SameDiff graph equal to transformers
 * in fp32 (about 1e-6). Called as Stable Diffusion calls it: token ids only, no attention mask (the causal mask is
 * built in), {@code last_hidden_state} being what conditions the UNet.
 *
 * <p><b>Skipping last layers (CLIP skip).</b> {@link #load(Path, int)} can run only the first {@code num_hidden_layers
 * − skippedLastLayers} layers and apply {@code final_layer_norm} to that output: diffusers' {@code clip_skip =
 * skippedLastLayers} ({@code final_layer_norm(hidden_states[-(clip_skip + 1)])}). SD 2.x needs no skipping here:
 * it conditions on the penultimate layer of OpenCLIP ViT-H's 24, followed by the final LayerNorm (stability's
 * {@code FrozenOpenCLIPEmbedder(layer="penultimate")}), and its diffusers {@code text_encoder/config.json} already
 * says {@code num_hidden_layers: 23} (the 24th layer is not in the file), so that {@code last_hidden_state} of the
 * file as it is — skip 0 — is exactly that. A skip is for SD 1.x users who want diffusers' {@code clip_skip}; the
 * pooled output then comes from the same shortened stack.
 *
 * <p><b>Arrays and threads.</b> Results are new float32 arrays owned by the caller (off-heap: close them); nothing
 * of a call is kept. Instances may be shared; calls run one at a time.
 *
 * <p><b>Files.</b> A diffusers {@code text_encoder/} directory: {@code config.json} and {@code model.safetensors}
 * (or {@code model.fp16.safetensors}), transformers key names, F32/F16/BF16.
 */
public final class SdTextEncoder implements AutoCloseable {
    /** Weight file names {@link #load(Path)} looks for, in order. */
    public static final List<String> WEIGHTS_FILE_NAMES = List.of("model.safetensors", "model.fp16.safetensors");
    /** The config file name. */
    public static final String CONFIG_FILE_NAME = "config.json";

    private final TextEncoderConfig config;
    private final int layersRun;
    private final TextEncoderGraph graph;

    private SdTextEncoder(TextEncoderConfig config, int layersRun, TextEncoderGraph graph) {
        this.config = config;
        this.layersRun = layersRun;
        this.graph = graph;
    }

    /** Loads the encoder in {@code directory} with every layer. */
    public static SdTextEncoder load(Path directory) throws IOException {
        return load(directory, 0);
    }

    /**
     * Loads the encoder in {@code directory}, running all but the last {@code skippedLastLayers} layers (see the
     * class comment).
     *
     * @throws ModelLoadException when a file is missing, the config is invalid, or the checkpoint does not match it
     *     (naming every missing, unexpected and mis-shaped key)
     * @throws IllegalArgumentException when {@code skippedLastLayers} is negative or leaves no layer
     */
    public static SdTextEncoder load(Path directory, int skippedLastLayers) throws IOException {
        TextEncoderConfig config = TextEncoderConfig.read(directory.resolve(CONFIG_FILE_NAME));
        return load(config, ModelFiles.firstExisting(directory, WEIGHTS_FILE_NAMES, "text encoder weights"),
                skippedLastLayers);
    }

    /** Loads {@code weightsFile} (safetensors, transformers key names) for {@code config}; see {@link #load(Path, int)}. */
    public static SdTextEncoder load(TextEncoderConfig config, Path weightsFile, int skippedLastLayers)
            throws IOException {
        if (skippedLastLayers < 0 || skippedLastLayers >= config.hiddenLayers()) {
            throw new IllegalArgumentException("skippedLastLayers must be in [0, " + config.hiddenLayers()
                    + "), got " + skippedLastLayers);
        }
        int layersRun = config.hiddenLayers() - skippedLastLayers;
        CheckpointWeights weights = CheckpointWeights.read(weightsFile, TextEncoderLayout.of(config, layersRun),
                config.source());
        try {
            return new SdTextEncoder(config, layersRun, TextEncoderGraph.build(config, layersRun, weights));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The architecture. */
    public TextEncoderConfig config() {
        return config;
    }

    /** How many encoder layers run: {@code num_hidden_layers} minus the skipped ones. */
    public int layersRun() {
        return layersRun;
    }

    /** Every name {@link #outputs} accepts. */
    public List<String> outputNames() {
        return TextEncoderOutputs.all(layersRun);
    }

    /**
     * {@code last_hidden_state} and {@code pooler_output} of one forward.
     *
     * @param tokenIds one row per text, all of the same length (at most {@code max_position_embeddings}), as the
     *     pipeline's tokenizer makes them: start token, BPE ids, end token, padding
     * @throws IllegalArgumentException for rows of different or unsupported lengths, or ids outside the vocabulary
     */
    public TextEncoding encode(long[][] tokenIds) {
        Map<String, INDArray> outputs = outputs(tokenIds, TextEncoderOutputs.LAST_HIDDEN_STATE,
                TextEncoderOutputs.POOLER_OUTPUT);
        return new TextEncoding(outputs.get(TextEncoderOutputs.LAST_HIDDEN_STATE),
                outputs.get(TextEncoderOutputs.POOLER_OUTPUT));
    }

    /**
     * Any of {@link #outputNames()} from one forward.
     *
     * @throws IllegalArgumentException for an unknown name, or token ids as {@link #encode} rejects them
     */
    public Map<String, INDArray> outputs(long[][] tokenIds, String... names) {
        List<String> requested = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(names)));
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("name at least one output: " + outputNames());
        }
        for (String name : requested) {
            if (!outputNames().contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an output of this text encoder "
                        + outputNames());
            }
        }
        return graph.run(tokenIds, TokenRows.of(tokenIds, config), requested);
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
