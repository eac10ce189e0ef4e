package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Convolutions against a direct double-precision loop over PyTorch's definition. */
class ConvOpsTest {
    private static final int IN = 3;
    private static final int OUT = 4;

    @Test
    void conv2dWithStrideAndPaddingMatchesTorch() {
        INDArray weight = Nd4j.rand(DataType.FLOAT, OUT, IN, 3, 3).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, OUT).subi(0.5);
        for (int[] strideAndPadding : new int[][] {{1, 1}, {2, 1}, {1, 0}}) {
            SameDiff sd = SameDiff.create();
            sd.constant("conv.weight", weight.dup()); // the executor frees its constants
            sd.constant("conv.bias", bias.dup());
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, IN, -1, -1);
            ConvOps.conv2d(sd, "y", x, "conv", strideAndPadding[0], strideAndPadding[1]);
            INDArray input = Nd4j.rand(DataType.FLOAT, 2, IN, 6, 5).subi(0.5);
            INDArray actual = run(sd, input);
            assertMatches(reference(input, weight, bias, strideAndPadding[0], strideAndPadding[1], 0), actual);
        }
    }

    @Test
    void oneByOneConvolutionWithoutBias() {
        INDArray weight = Nd4j.rand(DataType.FLOAT, OUT, IN, 1, 1).subi(0.5);
        SameDiff sd = SameDiff.create();
        sd.constant("proj.weight", weight.dup()); // the executor frees its constants
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, IN, -1, -1);
        ConvOps.conv2d(sd, "y", x, "proj", 1, 0);
        INDArray input = Nd4j.rand(DataType.FLOAT, 1, IN, 4, 3);
        assertMatches(reference(input, weight, null, 1, 0, 0), run(sd, input));
    }

    /** diffusers' VAE downsampler: F.pad(x, (0, 1, 0, 1)) then a 3×3 stride-2 convolution without padding. */
    @Test
    void bottomRightPaddingThenStride2ConvolutionMatchesTorch() {
        INDArray weight = Nd4j.rand(DataType.FLOAT, OUT, IN, 3, 3).subi(0.5);
        INDArray bias = Nd4j.rand(DataType.FLOAT, OUT).subi(0.5);
        SameDiff sd = SameDiff.create();
        sd.constant("down.weight", weight.dup()); // the executor frees its constants
        sd.constant("down.bias", bias.dup());
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, IN, -1, -1);
        ConvOps.conv2d(sd, "y", ConvOps.padBottomRight(sd, x, 1), "down", 2, 0);
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, IN, 8, 6).subi(0.5);
        INDArray actual = run(sd, input);
        assertArrayEquals(new long[] {2, OUT, 4, 3}, actual.shape());
        assertMatches(reference(input, weight, bias, 2, 0, 1), actual);
    }

    private static INDArray run(SameDiff sd, INDArray input) {
        try (GraphExecutor executor = new GraphExecutor(sd, "conv")) {
            return executor.run(Map.of("x", input), List.of("y")).get("y");
        }
    }

    /** Zero padding {@code padding} on all sides plus {@code extraBottomRight} on the bottom and right. */
    private static double[][][][] reference(INDArray x, INDArray w, INDArray b, int stride, int padding,
            int extraBottomRight) {
        int batch = (int) x.size(0);
        int height = (int) x.size(2);
        int width = (int) x.size(3);
        int kernel = (int) w.size(2);
        int outHeight = (height + 2 * padding + extraBottomRight - kernel) / stride + 1;
        int outWidth = (width + 2 * padding + extraBottomRight - kernel) / stride + 1;
        double[][][][] y = new double[batch][OUT][outHeight][outWidth];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < OUT; o++) {
                for (int oy = 0; oy < outHeight; oy++) {
                    for (int ox = 0; ox < outWidth; ox++) {
                        double sum = b == null ? 0 : b.getDouble(o);
                        for (int i = 0; i < IN; i++) {
                            for (int ky = 0; ky < kernel; ky++) {
                                for (int kx = 0; kx < kernel; kx++) {
                                    int iy = oy * stride + ky - padding;
                                    int ix = ox * stride + kx - padding;
                                    if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                        sum += x.getDouble(n, i, iy, ix) * w.getDouble(o, i, ky, kx);
                                    }
                                }
                            }
                        }
                        y[n][o][oy][ox] = sum;
                    }
                }
            }
        }
        return y;
    }

    private static void assertMatches(double[][][][] expected, INDArray actual) {
        assertArrayEquals(new long[] {expected.length, expected[0].length, expected[0][0].length,
                expected[0][0][0].length}, actual.shape());
        for (int n = 0; n < expected.length; n++) {
            for (int o = 0; o < expected[n].length; o++) {
                for (int y = 0; y < expected[n][o].length; y++) {
                    for (int x = 0; x < expected[n][o][y].length; x++) {
                        assertEquals(expected[n][o][y][x], actual.getDouble(n, o, y, x), 1e-5,
                                "[" + n + "," + o + "," + y + "," + x + "]");
                    }
                }
            }
        }
    }
}
