package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * diffusers' {@code BasicTransformerBlock} (LayerNorm type): {@code x + attn1(norm1(x))} (self-attention), {@code
 * + attn2(norm2(x), text)} (cross-attention), {@code + ff(norm3(x))} with the GEGLU feed-forward.
 */
final class TransformerBlockGraph {
    private TransformerBlockGraph() {
    }

    /**
     * @param rows the residual stream {@code [B·H·W, width]}
     * @param batch any variable whose first dimension is B (the block's feature map)
     * @return the new residual stream
     */
    static SDVariable apply(UNetGraphContext context, SpatialTransformerSpec spec, int index, SDVariable rows,
            SDVariable batch) {
        SameDiff sd = context.sd();
        String path = spec.blockPath(index);
        int width = spec.channels();
        double eps = UNetConfig.TRANSFORMER_LAYER_NORM_EPS;

        SDVariable normalized = GraphOps.layerNorm(sd, null, rows, path + ".norm1", width, eps);
        rows = rows.add(AttentionGraph.apply(sd, path + ".attn1", normalized, batch, normalized, batch,
                spec.heads(), spec.headDim(), null, spec.selfAttentionChunks()));

        normalized = GraphOps.layerNorm(sd, null, rows, path + ".norm2", width, eps);
        SDVariable text = context.encoderHiddenStates();
        SDVariable textRows = text.reshape(-1, spec.crossAttentionDim());
        rows = rows.add(AttentionGraph.apply(sd, path + ".attn2", normalized, batch, textRows, text, spec.heads(),
                spec.headDim(), spec.crossAttentionPath(index)));

        normalized = GraphOps.layerNorm(sd, null, rows, path + ".norm3", width, eps);
        return rows.add(feedForward(sd, normalized, path + ".ff", width));
    }

    /**
     * {@code FeedForward(activation_fn="geglu")}: {@code net.0.proj} to twice the hidden width, split in halves
     * (value, gate), {@code value · GELU(gate)} with the exact erf GELU, then {@code net.2}.
     */
    private static SDVariable feedForward(SameDiff sd, SDVariable rows, String path, int width) {
        long hidden = (long) UNetCheckpointLayout.FEED_FORWARD_MULTIPLE * width;
        SDVariable projected = GraphOps.linear(sd, rows, path + ".net.0.proj");
        SDVariable value = projected.get(SDIndex.all(), SDIndex.interval(0L, hidden));
        SDVariable gate = projected.get(SDIndex.all(), SDIndex.interval(hidden, 2 * hidden));
        return GraphOps.linear(sd, value.mul(GraphOps.activation(sd, gate, false)), path + ".net.2");
    }
}
