package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.nn.AttentionOps;
import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * diffusers' {@code Attention} with the classic {@code AttnProcessor}: {@code to_q/k/v} (no bias), heads split as
 * {@code head_to_batch_dim} does, {@code softmax(scale · q kᵀ)} without mask, {@code · v}, heads merged, {@code
 * to_out.0}. Only rank-4 {@code mmul} is used ({@code batchMmul} is broken in ND4J M2.1).
 */
final class AttentionGraph {
    private AttentionGraph() {
    }

    /**
     * One attention module.
     *
     * @param path module path, e.g. {@code ….transformer_blocks.0.attn2}
     * @param queryRows {@code [B·T, width]}, sequences of {@code queryBatch}'s batch
     * @param queryBatch any variable whose first dimension is B
     * @param keyValueRows {@code [B·S, keyValueWidth]}, sequences of {@code keyValueBatch}'s batch
     * @param probabilitiesName when not {@code null}, the softmax probabilities {@code [B·heads, T, S]} get this
     *     name (first index {@code b·heads + h}, as diffusers' {@code get_attention_scores} returns them)
     * @return {@code [B·T, width]}
     */
    static SDVariable apply(SameDiff sd, String path, SDVariable queryRows, SDVariable queryBatch,
            SDVariable keyValueRows, SDVariable keyValueBatch, int heads, int headDim, String probabilitiesName) {
        return apply(sd, path, queryRows, queryBatch, keyValueRows, keyValueBatch, heads, headDim, probabilitiesName,
                1);
    }

    /**
     * As above; without {@code probabilitiesName}, computed over {@code queryChunks} chunks of the queries one
     * after the other (see {@link AttentionOps}; {@code queryChunks} must divide T).
     */
    static SDVariable apply(SameDiff sd, String path, SDVariable queryRows, SDVariable queryBatch,
            SDVariable keyValueRows, SDVariable keyValueBatch, int heads, int headDim, String probabilitiesName,
            int queryChunks) {
        SDVariable query = splitHeads(sd, project(sd, queryRows, path + ".to_q"), queryBatch, heads, headDim);
        SDVariable key = splitHeads(sd, project(sd, keyValueRows, path + ".to_k"), keyValueBatch, heads, headDim);
        SDVariable value = splitHeads(sd, project(sd, keyValueRows, path + ".to_v"), keyValueBatch, heads, headDim);
        SDVariable context;
        if (probabilitiesName == null) {
            context = AttentionOps.attention(sd, query, key, value, 1.0 / Math.sqrt(headDim), queryChunks);
        } else {
            SDVariable scores = sd.mmul(query, key, false, true, false).mul(1.0 / Math.sqrt(headDim));
            // Softmax on the [B·heads, T, S] view diffusers exposes, over axis 2 (not −1: negative axes of rank-3
            // arrays are unreliable in ND4J M2.1), so that the named output is the softmax result itself.
            SDVariable scoresPerHead = sd.reshape(scores, sd.concat(0, sd.constant(Nd4j.createFromArray(-1L)),
                    scores.shape().get(SDIndex.interval(2, 4))));
            SDVariable probabilities = sd.nn().softmax(probabilitiesName, scoresPerHead, 2);
            context = sd.mmul(sd.reshape(probabilities, scores.shape()), value);
        }
        SDVariable merged = context.permute(0, 2, 1, 3).reshape(-1, (long) heads * headDim);
        return GraphOps.linear(sd, merged, path + ".to_out.0");
    }

    /** A bias-free {@code nn.Linear} on rows. */
    private static SDVariable project(SameDiff sd, SDVariable rows, String path) {
        return sd.mmul(rows, sd.getVariable(path + ".weight"), false, true, false);
    }

    /** {@code [B·T, heads·d]} → {@code [B, heads, T, d]}. */
    private static SDVariable splitHeads(SameDiff sd, SDVariable rows, SDVariable batch, int heads, int headDim) {
        return FeatureMapOps.reshapeWithBatchOf(sd, rows, batch, -1, heads, headDim).permute(0, 2, 1, 3);
    }
}
