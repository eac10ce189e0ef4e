package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The warm-up graph against values computed independently with numpy (float64 over the same float32 inputs):
 * {@code x = [[0.5, -1, 2], [1.5, 0.25, -0.75]]}, {@code p = softmax(x @ w.T + b, axis=-1)}. A graph that multiplied
 * by {@code w} untransposed, dropped the bias or normalised over the wrong axis would miss them.
 */
class WarmUpTest {
    private static final double[][] NUMPY = {
        {0.02101013714325173, 0.0711652838981596, 0.8669705654027237, 0.04085401355586494},
        {0.3609524448546088, 0.09080789034262358, 0.28678884194102694, 0.26145082286174065}};

    @Test
    void nd4jComputesWhatNumpyComputes() {
        double[][] actual = WarmUp.probabilities();
        assertEquals(NUMPY.length, actual.length);
        for (int i = 0; i < NUMPY.length; i++) {
            for (int j = 0; j < NUMPY[i].length; j++) {
                assertEquals(NUMPY[i][j], actual[i][j], 1e-6, "[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void theCheckAcceptsNumpysValuesAndRejectsAWrongOne() {
        assertDoesNotThrow(() -> WarmUp.check(NUMPY));
        double[][] wrong = {NUMPY[0].clone(), NUMPY[1].clone()};
        wrong[1][2] += 1e-3;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WarmUp.check(wrong));
        assertTrue(e.getMessage().contains("at [1,2]"), e.getMessage());
        double[][] transposedAxis = {{NUMPY[0][0], NUMPY[1][0]}, {NUMPY[0][1], NUMPY[1][1]}};
        assertThrows(IllegalStateException.class, () -> WarmUp.check(transposedAxis));
    }

    @Test
    void runReportsItsDuration() {
        long milliseconds = WarmUp.run();
        assertTrue(milliseconds >= 0 && milliseconds < 600_000, milliseconds + " ms");
    }
}
