package org.clipfusion.clip.model.internal;

import static org.clipfusion.clip.model.OpenClipOutputs.TEXT_EMBEDDINGS;
import static org.clipfusion.clip.model.OpenClipOutputs.TEXT_FEATURES;
import static org.clipfusion.clip.model.OpenClipOutputs.TEXT_LN_FINAL;

import java.util.Collection;
import java.util.Map;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.nn.GraphExecutor;
import org.clipfusion.nn.GraphOps;
import org.clipfusion.nn.ModelGraphs;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * open_clip's text tower ({@code CLIP.encode_text}) as one SameDiff graph: token embedding + positional embedding
 * → causally masked blocks → ln_final → the row of each text's EOT token → @ text_projection.
 *
 * <p>Feeds: {@code token_ids} INT64 {@code [B, L]} with {@code L ≤ context_length} (the first L positions of each
 * text) and {@code eot_rows} INT64 {@code [B]}, the index of each text's pooled token in the flattened {@code [B·L]}
 * sequence ({@code b·L + argmax(ids[b])}); the argmax is taken by the caller, which has the ids at hand anyway.
 */
public final class TextTower implements AutoCloseable {
    static final String TOKEN_IDS = "token_ids";
    static final String EOT_ROWS = "eot_rows";
    private static final String CAUSAL_MASK = "causal_mask";

    private final GraphExecutor executor;

    private TextTower(GraphExecutor executor) {
        this.executor = executor;
    }

    /** Builds the graph on {@code weights} (which stay owned by the caller until {@link #close()}). */
    public static TextTower build(OpenClipConfig config, OpenClipWeights weights) {
        OpenClipConfig.TextConfig text = config.text();
        SameDiff sd = ModelGraphs.create();
        for (String key : weights.keys()) {
            if (!key.startsWith(CheckpointLayout.VISUAL) && !key.equals(CheckpointLayout.LOGIT_SCALE)) {
                sd.constant(key, weights.get(key));
            }
        }
        TransformerSpec blocks = new TransformerSpec(CheckpointLayout.TEXT_BLOCK, "text_block_", text.layers(),
                text.width(), text.heads(), config.quickGelu(), OpenClipConfig.LAYER_NORM_EPSILON);
        // The sequence length stays open: a batch whose end-of-text tokens all sit early is fed cut after the
        // last of them (exact under the causal mask, see TokenBatch), and the positional embedding and causal mask
        // are cut to the fed length with it.
        SDVariable ids = sd.placeHolder(TOKEN_IDS, DataType.INT64, -1, -1);
        SDVariable eotRows = sd.placeHolder(EOT_ROWS, DataType.INT64, -1);
        SDVariable positions = sd.range(sd.constant(0L), ids.shape().get(SDIndex.point(1)), sd.constant(1L),
                DataType.INT64);
        SDVariable tokens = GraphOps.reshapeLike(sd, null,
                sd.gather(sd.getVariable("token_embedding.weight"), ids.reshape(-1), 0), ids, 2, text.width());
        SDVariable embeddings = tokens.add(TEXT_EMBEDDINGS,
                sd.gather(sd.getVariable("positional_embedding"), positions, 0));
        SDVariable fullMask = sd.constant(CAUSAL_MASK, causalMask(text.contextLength()));
        SDVariable mask = sd.gather(sd.gather(fullMask, positions, 0), positions, 1);
        SDVariable last = TransformerGraph.apply(sd, embeddings, blocks, mask);
        SDVariable lnFinal = GraphOps.layerNorm(sd, TEXT_LN_FINAL, last, "ln_final", text.width(), blocks.epsilon());
        SDVariable pooled = sd.gather(lnFinal.reshape(-1, text.width()), eotRows, 0);
        sd.mmul(TEXT_FEATURES, pooled, sd.getVariable("text_projection"));
        return new TextTower(new GraphExecutor(sd, "open_clip text tower"));
    }

    /** Computes the named outputs (see {@link org.clipfusion.clip.model.OpenClipOutputs}). */
    public Map<String, INDArray> run(INDArray tokenIds, INDArray eotRows, Collection<String> outputs) {
        return executor.run(Map.of(TOKEN_IDS, tokenIds, EOT_ROWS, eotRows), outputs);
    }

    @Override
    public void close() {
        executor.close();
    }

    /** open_clip's {@code build_causal_mask}: 0 on and below the diagonal, −∞ above (a token sees no later one). */
    private static INDArray causalMask(int length) {
        float[][] mask = new float[length][length];
        for (int row = 0; row < length; row++) {
            for (int column = row + 1; column < length; column++) {
                mask[row][column] = Float.NEGATIVE_INFINITY;
            }
        }
        return Nd4j.createFromArray(mask);
    }
}
