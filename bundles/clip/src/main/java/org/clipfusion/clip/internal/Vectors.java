package org.clipfusion.clip.internal;

/** Small vector arithmetic on Java arrays, where a tensor round trip would cost more than it saves. */
final class Vectors {
    private Vectors() {
    }

    static float[] unit(double[] vector) {
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm) + 1e-12;
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /**
     * The anomaly probability of a unit embedding: {@code softmax([⟨v,t_n⟩, ⟨v,t_a⟩] / τ)[1]}, written as a logistic
     * function so that a small τ cannot overflow.
     */
    static double anomalyProbability(float[] unitEmbedding, TextPrototypes.Pair prototypes, double temperature) {
        double normal = dot(unitEmbedding, prototypes.normal());
        double anomalous = dot(unitEmbedding, prototypes.anomalous());
        return 1.0 / (1.0 + Math.exp((normal - anomalous) / temperature));
    }
}
