package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NearestNeighbourSearchTest {

    @Test
    void matchesABruteForceSearchForEveryBlockSize() {
        double[][] queries = randomRows(37, 16, 1);
        double[][] bank = randomRows(101, 16, 2);
        double[] expected = bruteForce(normalize(queries), normalize(bank));

        INDArray q = NearestNeighbourSearch.normalizeRows(Nd4j.createFromArray(queries));
        INDArray b = NearestNeighbourSearch.normalizeRows(Nd4j.createFromArray(bank));
        // Budgets giving one bank row per block, a partial last block, and the whole bank in one block.
        for (long budget : new long[] {4L * 37, 4L * 37 * 10, 1L << 30}) {
            float[] actual = new NearestNeighbourSearch(budget).halfCosineDistances(q, b);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "query " + i + " with a budget of " + budget + " bytes");
            }
        }
    }

    @Test
    void aFeatureInTheBankIsAtDistanceZero() {
        INDArray bank = NearestNeighbourSearch.normalizeRows(Nd4j.createFromArray(randomRows(20, 8, 3)));
        INDArray query = bank.getRows(4, 17).dup();
        float[] distances = new NearestNeighbourSearch(64).halfCosineDistances(query, bank);
        assertEquals(0f, distances[0], 1e-6f);
        assertEquals(0f, distances[1], 1e-6f);
    }

    @Test
    void oppositeFeaturesAreAtDistanceOne() {
        INDArray bank = Nd4j.createFromArray(new float[][] {{1, 0}});
        INDArray query = Nd4j.createFromArray(new float[][] {{-1, 0}, {0, 1}});
        float[] distances = new NearestNeighbourSearch(1024).halfCosineDistances(query, bank);
        assertEquals(1f, distances[0], 1e-7f);
        assertEquals(0.5f, distances[1], 1e-7f);
    }

    @Test
    void rejectsMismatchedOrEmptyInputsClearly() {
        NearestNeighbourSearch search = new NearestNeighbourSearch(1024);
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 0, 0}});
        INDArray b = Nd4j.createFromArray(new float[][] {{1, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> search.halfCosineDistances(a, b));
        assertEquals("queries have 3 features but the bank has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NearestNeighbourSearch(2));
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbourSearch.stackRows(List.of()));
    }

    private static double[][] randomRows(int rows, int columns, long seed) {
        Random random = new Random(seed);
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int c = 0; c < columns; c++) {
                row[c] = random.nextGaussian();
            }
        }
        return values;
    }

    private static double[][] normalize(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (double v : rows[i]) {
                norm += v * v;
            }
            out[i] = new double[rows[i].length];
            for (int c = 0; c < rows[i].length; c++) {
                out[i][c] = rows[i][c] / Math.sqrt(norm);
            }
        }
        return out;
    }

    private static double[] bruteForce(double[][] queries, double[][] bank) {
        double[] distances = new double[queries.length];
        for (int q = 0; q < queries.length; q++) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] row : bank) {
                double dot = 0;
                for (int c = 0; c < row.length; c++) {
                    dot += queries[q][c] * row[c];
                }
                best = Math.max(best, dot);
            }
            distances[q] = 0.5 * (1 - best);
        }
        return distances;
    }
}
