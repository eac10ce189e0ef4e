package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GroupNorm against torch's definition computed in double precision, on two input sizes through one graph. */
class NormOpsTest {
    private static final int CHANNELS = 6;
    private static final int GROUPS = 3;
    private static final double EPSILON = 1e-6;

    @Test
    void groupNormMatchesTorchForAnyBatchAndSize() {
        float[] weight = {1.1f, 0.9f, 1.0f, 1.2f, 0.8f, 1.05f};
        float[] bias = {0.05f, -0.05f, 0f, 0.1f, -0.1f, 0.02f};
        SameDiff sd = SameDiff.create();
        sd.constant("norm.weight", Nd4j.createFromArray(weight));
        sd.constant("norm.bias", Nd4j.createFromArray(bias));
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, CHANNELS, -1, -1);
        NormOps.groupNorm(sd, "y", x, "norm", CHANNELS, GROUPS, EPSILON);
        try (GraphExecutor executor = new GraphExecutor(sd, "group norm")) {
            for (long[] shape : List.of(new long[] {2, CHANNELS, 3, 5}, new long[] {1, CHANNELS, 4, 4})) {
                INDArray input = Nd4j.rand(DataType.FLOAT, shape).muli(4).subi(1);
                INDArray y = executor.run(Map.of("x", input), List.of("y")).get("y");
                assertArrayEquals(shape, y.shape());
                assertMatchesReference(input, y, weight, bias);
            }
        }
    }

    /**
     * The fused path (moments + batch normalisation) against the reductions-only path it replaced, on the shapes of
     * the VAE and UNet fixtures' GroupNorms (32 groups) and with a large common offset, where a one-pass variance
     * would lose its digits.
     */
    @Test
    void fusedGroupNormEqualsTheReductionsPath() {
        int channels = 64;
        int groups = 32;
        Nd4j.getRandom().setSeed(5);
        SameDiff sd = SameDiff.create();
        sd.constant("norm.weight", Nd4j.rand(DataType.FLOAT, channels).addi(0.5));
        sd.constant("norm.bias", Nd4j.randn(DataType.FLOAT, channels).muli(0.1));
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, channels, -1, -1);
        NormOps.groupNorm(sd, "fused", x, "norm", channels, groups, EPSILON);
        NormOps.groupNormByReductions(sd, "generic", x, "norm", channels, groups, EPSILON);
        try (GraphExecutor executor = new GraphExecutor(sd, "group norms")) {
            for (long[] shape : List.of(new long[] {2, channels, 16, 16}, new long[] {1, channels, 8, 12})) {
                for (double offset : new double[] {0, 100}) {
                    INDArray input = Nd4j.randn(DataType.FLOAT, shape).addi(offset);
                    Map<String, INDArray> out = executor.run(Map.of("x", input), List.of("fused", "generic"));
                    double error = out.get("fused").sub(out.get("generic")).amaxNumber().doubleValue();
                    assertTrue(error <= 1e-4, java.util.Arrays.toString(shape) + " offset " + offset
                            + ": fused vs reductions max abs error " + error);
                }
            }
        }
    }

    @Test
    void groupsMustDivideChannels() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 6, -1, -1);
        assertThrows(IllegalArgumentException.class, () -> NormOps.groupNorm(sd, null, x, "norm", 6, 4, EPSILON));
    }

    private static void assertMatchesReference(INDArray input, INDArray actual, float[] weight, float[] bias) {
        long batch = input.size(0);
        long height = input.size(2);
        long width = input.size(3);
        int perGroup = CHANNELS / GROUPS;
        for (int b = 0; b < batch; b++) {
            for (int group = 0; group < GROUPS; group++) {
                double sum = 0;
                double count = perGroup * height * width;
                for (int c = group * perGroup; c < (group + 1) * perGroup; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            sum += input.getDouble(b, c, y, x);
                        }
                    }
                }
                double mean = sum / count;
                double squares = 0;
                for (int c = group * perGroup; c < (group + 1) * perGroup; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            squares += Math.pow(input.getDouble(b, c, y, x) - mean, 2);
                        }
                    }
                }
                double scale = 1 / Math.sqrt(squares / count + EPSILON);
                for (int c = group * perGroup; c < (group + 1) * perGroup; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            double expected = (input.getDouble(b, c, y, x) - mean) * scale * weight[c] + bias[c];
                            assertEquals(expected, actual.getDouble(b, c, y, x), 1e-5,
                                    "[" + b + "," + c + "," + y + "," + x + "]");
                        }
                    }
                }
            }
        }
    }
}
