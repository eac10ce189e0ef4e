package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Runs leave no session behind, and SameDiff says nothing about sessions at INFO (slf4j-simple logs to stderr). */
class GraphExecutorTest {

    @Test
    void runsAreQuietAndLeaveNoSession() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.FLOAT, 2);
        x.mul("y", 3.0);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (GraphExecutor executor = new GraphExecutor(graph, "triple")) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                float[] y = executor.run(Map.of("x", Nd4j.createFromArray(1f, 2f)), List.of("y")).get("y")
                        .toFloatVector();
                assertEquals(6f, y[1]);
                assertTrue(graph.getSessions().isEmpty());
            }
        } finally {
            System.setErr(originalErr);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("InferenceSession"), log);
    }

    @Test
    void theReuseCacheOfARunIsBoundedInBytesWhateverTheNativeCap() {
        // 256 MiB of a 20 GiB cap is 1.25 %; SameDiff's own default, 25 %, would be 5 GiB.
        assertEquals(0.0125, GraphExecutor.cacheFraction(20L << 30), 1e-12);
        assertEquals(0.25, GraphExecutor.cacheFraction(512L << 20), 1e-12, "never more than SameDiff's default");
        assertEquals(0.25, GraphExecutor.cacheFraction(0), 1e-12, "no cap known: SameDiff's default");
    }
}
