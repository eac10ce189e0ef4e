package org.clipfusion.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Scaled dot-product attention on rank-4 heads {@code [B, heads, T, d]}, optionally over query chunks.
 *
 * <p>Each query row's softmax depends only on that row's scores, so attention over query chunks {@code softmax(q_i
 * kᵀ) v}, concatenated, is the same computation as over all rows at once, row for row. What changes is memory: a
 * Stable Diffusion self-attention at 64² latents holds {@code B·8·4096·4096} scores (2 GB at batch 4) and as many
 * probabilities; in chunks only one chunk's are alive. SameDiff runs every op whose inputs are ready, in graph order,
 * so without more all chunks' score matmuls would run first and nothing would be saved: each chunk's score matmul
 * is made to wait (a control dependency) until the previous chunk's context is done.
 */
public final class AttentionOps {
    private AttentionOps() {
    }

    /**
     * {@code softmax(scale · q kᵀ) v} over the last axis.
     *
     * @param query {@code [B, heads, T, d]}
     * @param key {@code [B, heads, S, d]}
     * @param value {@code [B, heads, S, d]}
     * @param queryChunks how many equal chunks of {@code T} to compute one after the other (1 = all at once); must
     *     divide every {@code T} the graph will see
     * @return {@code [B, heads, T, d]}
     */
    public static SDVariable attention(SameDiff sd, SDVariable query, SDVariable key, SDVariable value, double scale,
            int queryChunks) {
        if (queryChunks < 1) {
            throw new IllegalArgumentException("queryChunks must be at least 1, got " + queryChunks);
        }
        // Scaling the queries (T·d values) rather than the scores (T·S) is the same product, with less work.
        SDVariable scaled = query.mul(scale);
        if (queryChunks == 1) {
            return sd.mmul(softmax(sd, sd.mmul(scaled, key, false, true, false)), value);
        }
        SDVariable[] queries = sd.split(scaled, queryChunks, 2);
        SDVariable[] contexts = new SDVariable[queryChunks];
        for (int i = 0; i < queryChunks; i++) {
            SDVariable scores = sd.mmul(queries[i], key, false, true, false);
            if (i > 0) {
                // Chunk i's scores wait for chunk i − 1's result: one chunk's scores alive at a time.
                scores.addControlDependency(contexts[i - 1]);
            }
            contexts[i] = sd.mmul(softmax(sd, scores), value);
        }
        return sd.concat(2, contexts);
    }

    /** Softmax over axis 3 of rank-4 scores (not −1: negative axes of some ND4J M2.1 ops read wrong elements). */
    private static SDVariable softmax(SameDiff sd, SDVariable scores) {
        return sd.nn().softmax(scores, 3);
    }
}
