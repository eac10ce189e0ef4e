package org.clipfusion.diffusion.text.internal;

import static org.clipfusion.diffusion.text.TextEncoderOutputs.EMBEDDINGS;
import static org.clipfusion.diffusion.text.TextEncoderOutputs.LAST_HIDDEN_STATE;
import static org.clipfusion.diffusion.text.TextEncoderOutputs.POOLER_OUTPUT;

import java.util.Collection;
import java.util.Map;
import java.util.stream.LongStream;
import org.clipfusion.diffusion.internal.CheckpointWeights;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.text.TextEncoderOutputs;
import org.clipfusion.nn.GraphExecutor;
import org.clipfusion.nn.GraphOps;
import org.clipfusion.nn.ModelGraphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * transformers' {@code CLIPTextTransformer} as one SameDiff graph: token + position embeddings → {@code layersRun}
 * pre-LN encoder layers with causal self-attention → {@code final_layer_norm} → the pooled row of each text.
 *
 * <p>The residual stream is kept as rows {@code [B·T, hidden]} so that every linear layer is one 2-D {@code mmul};
 * attention alone goes to rank 4 ({@code batchMmul} is broken in ND4J M2.1). Feeds: the ids {@code [B, T]}, the
 * positions {@code 0..T-1}, the additive causal mask {@code [T, T]} and the flat index of each pooled row; so one
 * graph serves any batch and any length up to {@code max_position_embeddings}.
 */
public final class TextEncoderGraph implements AutoCloseable {
    private static final String INPUT_IDS = "input_ids";
    private static final String POSITION_IDS = "position_ids";
    private static final String CAUSAL_MASK = "causal_mask";
    private static final String POOLED_ROWS = "pooled_rows";

    private final SameDiff graph;
    private final GraphExecutor executor;

    private TextEncoderGraph(SameDiff graph, GraphExecutor executor) {
        this.graph = graph;
        this.executor = executor;
    }

    /**
     * Builds the graph on {@code weights} (shared, not copied: they must stay open while the graph runs, and the
     * graph's {@link #close()} frees them).
     */
    public static TextEncoderGraph build(TextEncoderConfig config, int layersRun, CheckpointWeights weights) {
        SameDiff sd = ModelGraphs.create();
        weights.addConstantsTo(sd);
        int width = config.hiddenSize();
        SDVariable ids = sd.placeHolder(INPUT_IDS, DataType.INT64, -1, -1);
        SDVariable positions = sd.placeHolder(POSITION_IDS, DataType.INT64, -1);
        SDVariable mask = sd.placeHolder(CAUSAL_MASK, DataType.FLOAT, -1, -1);
        SDVariable pooledRows = sd.placeHolder(POOLED_ROWS, DataType.INT64, -1);

        SDVariable tokenRows = sd.gather(sd.getVariable(TextEncoderLayout.TOKEN_EMBEDDING), ids.reshape(-1), 0);
        SDVariable positionEmbeddings = sd.gather(sd.getVariable(TextEncoderLayout.POSITION_EMBEDDING), positions, 0);
        SDVariable embeddings = GraphOps.reshapeLike(sd, null, tokenRows, ids, 2, width)
                .add(EMBEDDINGS, positionEmbeddings);
        SDVariable rows = embeddings.reshape(-1, width);
        for (int layer = 0; layer < layersRun; layer++) {
            rows = encoderLayer(sd, rows, ids, mask, config, TextEncoderLayout.LAYER + layer + ".");
            GraphOps.reshapeLike(sd, TextEncoderOutputs.layer(layer), rows, ids, 2, width);
        }
        SDVariable normalized = GraphOps.layerNorm(sd, null, rows, TextEncoderLayout.FINAL_LAYER_NORM, width,
                config.layerNormEpsilon());
        GraphOps.reshapeLike(sd, LAST_HIDDEN_STATE, normalized, ids, 2, width);
        sd.gather(POOLER_OUTPUT, normalized, pooledRows, 0);
        return new TextEncoderGraph(sd, new GraphExecutor(sd, "text encoder"));
    }

    /** Computes {@code outputs} (names from {@link TextEncoderOutputs}) for validated token ids. */
    public Map<String, INDArray> run(long[][] tokenIds, TokenRows rows, Collection<String> outputs) {
        int length = rows.length();
        try (INDArray ids = Nd4j.createFromArray(tokenIds);
                INDArray positions = Nd4j.createFromArray(LongStream.range(0, length).toArray());
                INDArray mask = causalMask(length);
                INDArray pooled = Nd4j.createFromArray(rows.pooledRows())) {
            return executor.run(Map.of(INPUT_IDS, ids, POSITION_IDS, positions, CAUSAL_MASK, mask, POOLED_ROWS,
                    pooled), outputs);
        }
    }

    /** Inference sessions SameDiff holds (one per thread that ran it and was not cleaned up): 0 between calls. */
    public int openSessions() {
        return graph.getSessions().size();
    }

    @Override
    public void close() {
        executor.close();
    }

    /** {@code CLIPEncoderLayer}: {@code x + attn(layer_norm1(x))}, then {@code x + mlp(layer_norm2(x))}. */
    private static SDVariable encoderLayer(SameDiff sd, SDVariable rows, SDVariable ids, SDVariable mask,
            TextEncoderConfig config, String prefix) {
        int width = config.hiddenSize();
        double epsilon = config.layerNormEpsilon();
        SDVariable normalized = GraphOps.layerNorm(sd, null, rows, prefix + "layer_norm1", width, epsilon);
        SDVariable attended = rows.add(selfAttention(sd, normalized, ids, mask, config, prefix + "self_attn."));
        normalized = GraphOps.layerNorm(sd, null, attended, prefix + "layer_norm2", width, epsilon);
        SDVariable hidden = GraphOps.activation(sd, GraphOps.linear(sd, normalized, prefix + "mlp.fc1"),
                config.activation() == TextEncoderConfig.Activation.QUICK_GELU);
        return attended.add(GraphOps.linear(sd, hidden, prefix + "mlp.fc2"));
    }

    /**
     * {@code CLIPAttention}: {@code q_proj(x)·head_dim^-½}, {@code k_proj}, {@code v_proj} per head, softmax of
     * {@code q kᵀ + mask}, then {@code out_proj}.
     */
    private static SDVariable selfAttention(SameDiff sd, SDVariable rows, SDVariable ids, SDVariable mask,
            TextEncoderConfig config, String prefix) {
        SDVariable query = heads(sd, GraphOps.linear(sd, rows, prefix + "q_proj").mul(1.0 / Math.sqrt(
                config.headWidth())), ids, config);
        SDVariable key = heads(sd, GraphOps.linear(sd, rows, prefix + "k_proj"), ids, config);
        SDVariable value = heads(sd, GraphOps.linear(sd, rows, prefix + "v_proj"), ids, config);
        SDVariable probabilities = sd.nn().softmax(sd.mmul(query, key, false, true, false).add(mask), -1);
        SDVariable context = sd.mmul(probabilities, value).permute(0, 2, 1, 3).reshape(-1, config.hiddenSize());
        return GraphOps.linear(sd, context, prefix + "out_proj");
    }

    /** Rows {@code [B·T, hidden]} → {@code [B, heads, T, head_dim]}. */
    private static SDVariable heads(SameDiff sd, SDVariable rows, SDVariable ids, TextEncoderConfig config) {
        return GraphOps.reshapeLike(sd, null, rows, ids, 2, config.attentionHeads(), config.headWidth())
                .permute(0, 2, 1, 3);
    }

    /**
     * transformers' {@code _create_4d_causal_attention_mask}: 0 on and below the diagonal, the lowest float above
     * it (not −∞, as transformers does; the softmax gives the same zeros).
     */
    private static INDArray causalMask(int length) {
        float[][] mask = new float[length][length];
        for (int row = 0; row < length; row++) {
            for (int column = row + 1; column < length; column++) {
                mask[row][column] = -Float.MAX_VALUE;
            }
        }
        return Nd4j.createFromArray(mask);
    }
}
