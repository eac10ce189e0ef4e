package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * Attention over query chunks against a double-precision loop and against the one-chunk (generic) path, on the
 * shapes of the UNet fixture's self-attention ({@code [2, 2, 64, 16]}: batch 2, 2 heads, 8×8 tokens), and the
 * execution order that makes chunking save memory.
 */
class AttentionOpsTest {
    /** Scale-aware: float32 sums of 64 products, against a double-precision result of magnitude ~1. */
    private static final double TOLERANCE = 1e-5;
    private static final long[] SHAPE = {2, 2, 64, 16};

    @Test
    void chunksGiveTheSameRowsAsOneSoftmaxOverAllQueries() {
        Nd4j.getRandom().setSeed(42);
        try (INDArray q = Nd4j.randn(DataType.FLOAT, SHAPE); INDArray k = Nd4j.randn(DataType.FLOAT, SHAPE);
                INDArray v = Nd4j.randn(DataType.FLOAT, SHAPE)) {
            double scale = 1 / Math.sqrt(SHAPE[3]);
            double[][][][] expected = reference(q, k, v, scale);
            INDArray generic = run(q, k, v, scale, 1, null);
            for (int chunks : new int[] {2, 4, 16}) {
                INDArray chunked = run(q, k, v, scale, chunks, null);
                assertArrayEquals(generic.shape(), chunked.shape());
                double error = maxError(chunked, expected);
                assertTrue(error <= TOLERANCE, chunks + " chunks: max abs error " + error);
                double fromGeneric = chunked.sub(generic).amaxNumber().doubleValue();
                assertTrue(fromGeneric <= TOLERANCE, chunks + " chunks vs one: " + fromGeneric);
            }
            assertTrue(maxError(generic, expected) <= TOLERANCE);
        }
    }

    @Test
    void eachChunkFinishesBeforeTheNextOneStarts() {
        Nd4j.getRandom().setSeed(7);
        try (INDArray q = Nd4j.randn(DataType.FLOAT, SHAPE); INDArray k = Nd4j.randn(DataType.FLOAT, SHAPE);
                INDArray v = Nd4j.randn(DataType.FLOAT, SHAPE)) {
            List<String> order = new ArrayList<>();
            run(q, k, v, 0.25, 4, order);
            // Every chunk is matmul (scores), softmax, matmul (context): the op kinds must come in that cycle.
            List<String> kinds = order.stream().filter(name -> name.equals("matmul") || name.equals("softmax"))
                    .toList();
            assertEquals(12, kinds.size(), "ops run: " + order);
            for (int i = 0; i < kinds.size(); i += 3) {
                assertEquals(List.of("matmul", "softmax", "matmul"), kinds.subList(i, i + 3), "ops run: " + order);
            }
        }
    }

    @Test
    void zeroChunksAreRefused() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, -1, -1);
        assertThrows(IllegalArgumentException.class, () -> AttentionOps.attention(sd, x, x, x, 1, 0));
    }

    private static INDArray run(INDArray q, INDArray k, INDArray v, double scale, int chunks, List<String> order) {
        SameDiff sd = SameDiff.create();
        SDVariable query = sd.placeHolder("q", DataType.FLOAT, -1, -1, -1, -1);
        SDVariable key = sd.placeHolder("k", DataType.FLOAT, -1, -1, -1, -1);
        SDVariable value = sd.placeHolder("v", DataType.FLOAT, -1, -1, -1, -1);
        SDVariable out = AttentionOps.attention(sd, query, key, value, scale, chunks);
        if (order != null) {
            sd.setListeners(new BaseListener() {
                @Override
                public boolean isActive(Operation operation) {
                    return true;
                }

                @Override
                public void opExecution(SameDiff sameDiff, At at, MultiDataSet batch, SameDiffOp op,
                        OpContext context, INDArray[] outputs) {
                    order.add(op.getOp().opName());
                }
            });
        }
        return sd.output(Map.of("q", q, "k", k, "v", v), out.name()).get(out.name());
    }

    private static double[][][][] reference(INDArray q, INDArray k, INDArray v, double scale) {
        int b = (int) SHAPE[0];
        int h = (int) SHAPE[1];
        int t = (int) SHAPE[2];
        int d = (int) SHAPE[3];
        double[][][][] out = new double[b][h][t][d];
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int row = 0; row < t; row++) {
                    double[] scores = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int col = 0; col < t; col++) {
                        double dot = 0;
                        for (int i = 0; i < d; i++) {
                            dot += q.getDouble(bi, hi, row, i) * k.getDouble(bi, hi, col, i);
                        }
                        scores[col] = dot * scale;
                        max = Math.max(max, scores[col]);
                    }
                    double sum = 0;
                    for (int col = 0; col < t; col++) {
                        scores[col] = Math.exp(scores[col] - max);
                        sum += scores[col];
                    }
                    for (int col = 0; col < t; col++) {
                        for (int i = 0; i < d; i++) {
                            out[bi][hi][row][i] += scores[col] / sum * v.getDouble(bi, hi, col, i);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double maxError(INDArray actual, double[][][][] expected) {
        double max = 0;
        for (int b = 0; b < expected.length; b++) {
            for (int h = 0; h < expected[b].length; h++) {
                for (int t = 0; t < expected[b][h].length; t++) {
                    for (int i = 0; i < expected[b][h][t].length; i++) {
                        max = Math.max(max, Math.abs(actual.getDouble(b, h, t, i) - expected[b][h][t][i]));
                    }
                }
            }
        }
        return max;
    }
}
