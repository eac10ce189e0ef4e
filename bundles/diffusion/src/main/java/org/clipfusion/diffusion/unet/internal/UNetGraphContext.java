package org.clipfusion.diffusion.unet.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What every block of the UNet graph is built against: the graph, the conditioning shared by all blocks, and the
 * normalisation settings of the config.
 *
 * @param activatedTimeEmbedding {@code SiLU(time embedding)} {@code [B, T]}: every resnet applies SiLU to the time
 *     embedding before its {@code time_emb_proj}, so it is computed once
 * @param encoderHiddenStates the text encoder states {@code [B, S, cross_attention_dim]} {@code attn2} attends to
 * @param normGroups groups of every GroupNorm
 * @param resnetNormEps epsilon of the resnets' GroupNorms
 */
record UNetGraphContext(SameDiff sd, SDVariable activatedTimeEmbedding, SDVariable encoderHiddenStates,
        int normGroups, double resnetNormEps) {
}
