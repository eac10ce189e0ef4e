package org.clipfusion.runtime.internal;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proves at start-up that ND4J computes correctly in this process: a small SameDiff graph (a linear layer and a
 * softmax, the two ops every model here is made of) is checked against the same arithmetic done in Java doubles.
 * Loading the natives this way also moves their cost (seconds on a cold cache) out of the first inspection.
 */
final class WarmUp {
    private static final double TOLERANCE = 1e-5;
    static final float[][] X = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.75f}};
    static final float[][] W = {{0.1f, 0.2f, -0.3f}, {-0.4f, 0.5f, 0.6f}, {0.7f, -0.8f, 0.9f}, {0.05f, 0.0f, -0.05f}};
    static final float[] B = {0.01f, -0.02f, 0.03f, 0.0f};

    private WarmUp() {
    }

    /** @return the elapsed milliseconds */
    static long run() {
        long start = System.nanoTime();
        check(probabilities());
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** What ND4J computes for the check graph: softmax(x w^T + b), one row per row of {@link #X}. */
    static double[][] probabilities() {
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        SDVariable weight = sd.constant("w", Nd4j.createFromArray(W));
        SDVariable bias = sd.constant("b", Nd4j.createFromArray(B));
        SDVariable logits = sd.mmul(input, weight, false, true, false).add(bias);
        sd.nn().softmax("probabilities", logits, -1);

        // The session SameDiff would create itself, logging "Creating new InferenceSession" at INFO (as GraphExecutor).
        sd.getSessions().put(Thread.currentThread().getId(), SameDiff.getInferenceFactory().create(sd));
        try (INDArray feed = Nd4j.createFromArray(X)) {
            Map<String, INDArray> out = sd.output(Map.of("x", feed), "probabilities");
            try (INDArray probabilities = out.get("probabilities")) {
                double[][] values = new double[(int) probabilities.size(0)][(int) probabilities.size(1)];
                for (int i = 0; i < values.length; i++) {
                    for (int j = 0; j < values[i].length; j++) {
                        values[i][j] = probabilities.getDouble(i, j);
                    }
                }
                return values;
            }
        }
    }

    /** @throws IllegalStateException naming the first element more than {@code TOLERANCE} from the expectation */
    static void check(double[][] actual) {
        double[][] expected = softmaxOfLinear(X, W, B);
        if (actual.length != expected.length) {
            throw new IllegalStateException("ND4J warm-up computed " + actual.length + " rows where " + expected.length
                    + " were expected: the native backend is not usable");
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double value = j < actual[i].length ? actual[i][j] : Double.NaN;
                if (!(Math.abs(value - expected[i][j]) <= TOLERANCE)) {
                    throw new IllegalStateException("ND4J warm-up computed " + value + " at [" + i + "," + j
                            + "] where " + expected[i][j] + " was expected: the native backend is not usable");
                }
            }
        }
    }

    private static double[][] softmaxOfLinear(float[][] x, float[][] w, float[] b) {
        double[][] result = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < w.length; j++) {
                double sum = b[j];
                for (int k = 0; k < x[i].length; k++) {
                    sum += (double) x[i][k] * w[j][k];
                }
                result[i][j] = sum;
                max = Math.max(max, sum);
            }
            double total = 0;
            for (int j = 0; j < w.length; j++) {
                result[i][j] = Math.exp(result[i][j] - max);
                total += result[i][j];
            }
            for (int j = 0; j < w.length; j++) {
                result[i][j] /= total;
            }
        }
        return result;
    }
}
