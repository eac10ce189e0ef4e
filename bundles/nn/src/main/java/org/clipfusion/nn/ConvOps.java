package org.clipfusion.nn;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolutions on NCHW feature maps with PyTorch's weight layout, as the diffusion models (VAE, UNet) need them:
 * {@code nn.Conv2d} with symmetric zero padding, and the one-sided zero padding diffusers' VAE downsampler applies
 * before its stride-2 convolution.
 */
public final class ConvOps {
    private ConvOps() {
    }

    /**
     * torch {@code nn.Conv2d(stride, padding)} on {@code x [B, C_in, H, W]} (dilation 1, one group), the weight
     * {@code weightPrefix.weight} a constant of {@code sd} in PyTorch's {@code [C_out, C_in, kH, kW]} layout (taken
     * as it is: {@code WeightsFormat.OIYX}), plus {@code weightPrefix.bias} ({@code [C_out]}) when {@code sd} has it.
     * The kernel size is read from the weight's shape; batch and spatial sizes stay open.
     *
     * @param name name of the result, or {@code null}
     * @throws IllegalArgumentException when the weight is not a rank-4 variable of known shape
     */
    public static SDVariable conv2d(SameDiff sd, String name, SDVariable x, String weightPrefix, int stride,
            int padding) {
        SDVariable weight = sd.getVariable(weightPrefix + ".weight");
        long[] shape = weight == null ? null : weight.getShape();
        if (shape == null || shape.length != 4) {
            throw new IllegalArgumentException(weightPrefix + ".weight must be a [out, in, kH, kW] constant, got "
                    + (weight == null ? "no such variable" : Arrays.toString(shape)));
        }
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(shape[2]).kW(shape[3])
                .sH(stride).sW(stride)
                .pH(padding).pW(padding)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
                .build();
        String biasKey = weightPrefix + ".bias";
        if (sd.hasVariable(biasKey)) {
            return sd.cnn().conv2d(name, x, weight, sd.getVariable(biasKey), config);
        }
        return sd.cnn().conv2d(name, x, weight, config);
    }

    /**
     * {@code F.pad(x, (0, amount, 0, amount))} on {@code x [B, C, H, W]}: {@code amount} zero columns on the right
     * and zero rows at the bottom, nothing on the left or top (diffusers' {@code Downsample2D} with {@code padding=0}
     * does this before its 3×3 stride-2 convolution).
     */
    public static SDVariable padBottomRight(SameDiff sd, SDVariable x, int amount) {
        SDVariable paddings = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {0, amount}, {0, amount}}));
        return sd.nn().pad(x, paddings, 0.0);
    }
}
