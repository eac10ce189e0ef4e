package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.nn.NormOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff ops on NCHW feature maps, written with the ops measured to be exact ({@code shared/docs/samediff.md}):
 * convolutions with PyTorch's {@code [out, in, kh, kw]} weights as they are ({@code OIYX}), a hand-built GroupNorm
 * (SameDiff has none), nearest 2× upsampling, and the moves between feature maps and token rows. Batch and spatial
 * sizes stay open: they are read from the tensors' shapes when the graph runs.
 */
final class FeatureMapOps {
    private FeatureMapOps() {
    }

    /** {@code nn.Conv2d(kernel, stride, padding)} with weight and bias {@code path.weight}/{@code path.bias}. */
    static SDVariable conv2d(SameDiff sd, SDVariable x, String path, int kernel, int stride, int padding) {
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(kernel).kW(kernel)
                .sH(stride).sW(stride)
                .pH(padding).pW(padding)
                .dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
                .build();
        return sd.cnn().conv2d(x, sd.getVariable(path + ".weight"), sd.getVariable(path + ".bias"), config);
    }

    /** A 3×3 (or {@code kernel}) convolution that keeps the spatial size: padding {@code (kernel − 1) / 2}. */
    static SDVariable sameConv2d(SameDiff sd, SDVariable x, String path, int kernel) {
        return conv2d(sd, x, path, kernel, 1, (kernel - 1) / 2);
    }

    /**
     * {@code nn.GroupNorm(groups, channels, eps)} with affine {@code path.weight}/{@code path.bias}: statistics over
     * each group's channels and all positions, biased variance ({@link NormOps#groupNorm}, shared with the VAE).
     */
    static SDVariable groupNorm(SameDiff sd, SDVariable x, String path, int channels, int groups, double epsilon) {
        return NormOps.groupNorm(sd, null, x, path, channels, groups, epsilon);
    }

    /** SiLU, {@code x·sigmoid(x)}. */
    static SDVariable silu(SameDiff sd, SDVariable x) {
        return sd.nn().swish(x);
    }

    /** {@code F.interpolate(scale_factor=2, mode="nearest")} on NCHW. */
    static SDVariable upsampleNearest2x(SameDiff sd, SDVariable x) {
        return sd.cnn().upsampling2d(x, 2, 2, true);
    }

    /** Zero padding of the right column and bottom row ({@code F.pad(x, (0, 1, 0, 1))}). */
    static SDVariable padRightBottom(SameDiff sd, SDVariable x) {
        return sd.nn().pad(x, sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 1}})), 0.0);
    }

    /** {@code [B, C, H, W]} → token rows {@code [B·H·W, C]}, row-major over positions (diffusers' permute + reshape). */
    static SDVariable toRows(SDVariable featureMap, long channels) {
        return featureMap.permute(0, 2, 3, 1).reshape(-1, channels);
    }

    /** Token rows {@code [B·H·W, C]} → {@code [B, C, H, W]}, batch and spatial sizes taken from {@code like}. */
    static SDVariable fromRows(SameDiff sd, SDVariable rows, SDVariable like, long channels) {
        SDVariable likeShape = like.shape();
        SDVariable nhwc = sd.concat(0, likeShape.get(SDIndex.interval(0, 1)), likeShape.get(SDIndex.interval(2, 4)),
                sd.constant(Nd4j.createFromArray(channels)));
        return sd.reshape(rows, nhwc).permute(0, 3, 1, 2);
    }

    /** {@code x} reshaped to {@code [B, trailing…]} with B the first dimension of {@code like}. */
    static SDVariable reshapeWithBatchOf(SameDiff sd, SDVariable x, SDVariable like, long... trailing) {
        SDVariable shape = sd.concat(0, like.shape().get(SDIndex.interval(0, 1)),
                sd.constant(Nd4j.createFromArray(trailing)));
        return sd.reshape(x, shape);
    }
}
