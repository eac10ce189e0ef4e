package org.clipfusion.clip.model.internal;

import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * open_clip's {@code Transformer}: {@code layers} pre-LN residual attention blocks, each
 * {@code x + attn(ln_1(x))} then {@code x + mlp(ln_2(x))}, the attention being {@code nn.MultiheadAttention} with
 * packed {@code in_proj} rows {@code [q; k; v]} and scale {@code 1/√head_width}.
 *
 * <p>The residual stream is kept as rows {@code [B·T, width]} so every linear layer is one 2-D {@code mmul};
 * only attention goes to rank 4 (SameDiff's rank-4 {@code mmul}; {@code batchMmul} is broken). Batch and
 * sequence sizes stay open, so one graph serves any batch and, for the image tower, any number of tokens.
 */
final class TransformerGraph {
    private TransformerGraph() {
    }

    /**
     * Appends the stack to {@code sd}.
     *
     * @param tokens {@code [B, T, width]}
     * @param attentionMask {@code [T, T]} additive mask (0 or −∞), or {@code null}
     * @return the output of the last block, {@code [B, T, width]}; block i's output is also named
     *     {@code spec.outputPrefix() + i}
     */
    static SDVariable apply(SameDiff sd, SDVariable tokens, TransformerSpec spec, SDVariable attentionMask) {
        SDVariable rows = tokens.reshape(-1, spec.width());
        SDVariable blockOutput = tokens;
        for (int block = 0; block < spec.layers(); block++) {
            String prefix = spec.weightPrefix() + block + ".";
            SDVariable normalized = GraphOps.layerNorm(sd, null, rows, prefix + "ln_1", spec.width(), spec.epsilon());
            SDVariable attended = rows.add(attention(sd, normalized, tokens, spec, prefix + "attn.", attentionMask));
            normalized = GraphOps.layerNorm(sd, null, attended, prefix + "ln_2", spec.width(), spec.epsilon());
            rows = attended.add(mlp(sd, normalized, spec, prefix + "mlp."));
            blockOutput = GraphOps.reshapeLike(sd, spec.outputPrefix() + block, rows, tokens, 2, spec.width());
        }
        return blockOutput;
    }

    /** {@code nn.MultiheadAttention(x, x, x)} on rows of {@code batchShapeSource}'s [B, T] sequences. */
    private static SDVariable attention(SameDiff sd, SDVariable rows, SDVariable batchShapeSource,
            TransformerSpec spec, String prefix, SDVariable attentionMask) {
        int heads = spec.heads();
        SDVariable packed = sd.mmul(rows, sd.getVariable(prefix + "in_proj_weight"), false, true, false)
                .add(sd.getVariable(prefix + "in_proj_bias"));
        // [B·T, 3·width] → [B, T, 3·heads, head_width] → [B, 3·heads, T, head_width]: q, k, v are head ranges.
        SDVariable perHead = GraphOps.reshapeLike(sd, null, packed, batchShapeSource, 2, 3L * heads, spec.headWidth())
                .permute(0, 2, 1, 3);
        SDVariable query = headRange(perHead, 0, heads).div(Math.sqrt(spec.headWidth()));
        SDVariable key = headRange(perHead, heads, 2 * heads);
        SDVariable value = headRange(perHead, 2 * heads, 3 * heads);
        SDVariable scores = sd.mmul(query, key, false, true, false);
        if (attentionMask != null) {
            scores = scores.add(attentionMask);
        }
        SDVariable probabilities = sd.nn().softmax(scores, -1);
        SDVariable context = sd.mmul(probabilities, value).permute(0, 2, 1, 3).reshape(-1, spec.width());
        return GraphOps.linear(sd, context, prefix + "out_proj");
    }

    private static SDVariable headRange(SDVariable perHead, int from, int to) {
        return perHead.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
    }

    /** {@code c_fc → activation → c_proj}. */
    private static SDVariable mlp(SameDiff sd, SDVariable rows, TransformerSpec spec, String prefix) {
        SDVariable hidden = GraphOps.activation(sd, GraphOps.linear(sd, rows, prefix + "c_fc"), spec.quickGelu());
        return GraphOps.linear(sd, hidden, prefix + "c_proj");
    }
}
