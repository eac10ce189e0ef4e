package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs leave no session behind, SameDiff says nothing about sessions at INFO (slf4j-simple logs to stderr), and a
 * profiled run gives the same results plus a profile of every op.
 */
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
        // 512 MiB of a 20 GiB cap is 2.5 %; SameDiff's own default, 25 %, would be 5 GiB.
        assertEquals(512L << 20, GraphExecutor.defaultCacheBytes());
        assertEquals(0.025, GraphExecutor.cacheFraction(512L << 20, 20L << 30), 1e-12);
        assertEquals(0.05, GraphExecutor.cacheFraction(1L << 30, 20L << 30), 1e-12, "a run that asks for 1 GiB");
        assertEquals(0.25, GraphExecutor.cacheFraction(512L << 20, 1L << 30), 1e-12,
                "never more than SameDiff's default");
        assertEquals(0.25, GraphExecutor.cacheFraction(512L << 20, 0), 1e-12, "no cap known: SameDiff's default");
    }

    @Test
    void aRunGetsTheReuseCacheItAsksFor() {
        SameDiff graph = SameDiff.create();
        graph.placeHolder("x", DataType.FLOAT, 2).mul("y", 3.0);
        try (GraphExecutor executor = new GraphExecutor(graph, "triple")) {
            long asked = 3L << 20;
            ArrayCacheMemoryMgr cache = (ArrayCacheMemoryMgr) executor.newSession(asked).getMmgr();
            // SameDiff stores the size as a fraction of JavaCPP's cap: equal to within the double's rounding.
            assertEquals(asked, cache.getMaxCacheBytes(), 1.0);
            cache.close();
            assertEquals(6f, executor.run(Map.of("x", Nd4j.createFromArray(1f, 2f)), List.of("y"), asked).get("y")
                    .getFloat(1));
        }
    }

    @Test
    void profilingIsOffUnlessADirectoryIsNamed() {
        assertNull(GraphExecutor.profileDirectory(null));
        assertNull(GraphExecutor.profileDirectory(" "));
        assertEquals(Path.of("/tmp/profiles"), GraphExecutor.profileDirectory("/tmp/profiles"));
    }

    @Test
    void aProfiledRunGivesTheSameResultsAndListsEveryOpWithItsTypeAndShape(@TempDir Path directory)
            throws IOException {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> feeds = Map.of("x",
                Nd4j.linspace(-1, 1, 32, DataType.FLOAT).reshape(4, 8));
        float[] plain;
        try (GraphExecutor executor = new GraphExecutor(softmaxOfProducts(), "tiny graph", null)) {
            plain = executor.run(feeds, List.of("p")).get("p").ravel().toFloatVector();
        }
        try (GraphExecutor executor = new GraphExecutor(softmaxOfProducts(), "Tiny graph", directory)) {
            executor.run(feeds, List.of("p"));
            float[] profiled = executor.run(feeds, List.of("p")).get("p").ravel().toFloatVector();
            assertEquals(plain.length, profiled.length);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(plain[i], profiled[i]);
            }
        }
        String baseName = "tiny-graph-" + ProcessHandle.current().pid() + "-2";
        String summary = Files.readString(directory.resolve(baseName + ".md"));
        assertTrue(summary.startsWith("# Tiny graph, run 2"), summary);
        assertTrue(summary.contains("| matmul | "), summary);
        assertTrue(summary.contains("| softmax | "), summary);
        assertTrue(summary.contains("| scores | matmul | [4,4] | "), summary);
        assertTrue(summary.contains("run wall "), summary);
        try (Stream<String> lines = Files.lines(directory.resolve(baseName + ".tsv"))) {
            List<String> rows = lines.skip(1).toList();
            assertEquals(List.of("scores\tmatmul\t[4,4]", "p\tsoftmax\t[4,4]"),
                    rows.stream().map(row -> row.substring(0, row.indexOf('\t', row.indexOf(']')))).toList());
        }
        assertEquals(2, Files.list(directory).filter(file -> file.getFileName().toString().endsWith(".md")).count(),
                "one summary per run");
    }

    /** {@code p = softmax(x·w)}; a new graph each time, as closing an executor frees its graph's constants. */
    private static SameDiff softmaxOfProducts() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.FLOAT, 4, 8);
        SDVariable w = graph.constant("w", Nd4j.linspace(1, 32, 32, DataType.FLOAT).reshape(8, 4).divi(32));
        graph.nn().softmax("p", graph.mmul("scores", x, w), -1);
        return graph;
    }

    @Test
    void theSummaryAddsUpOpsByTypeAndSetsThemAgainstTheWallTime() {
        List<OpProfiler.OpTiming> timings = List.of(
                new OpProfiler.OpTiming("conv_1", "conv2d", "[1,8,4,4]", 3_000_000_000L, 100_000_000L),
                new OpProfiler.OpTiming("add_1", "add", "[1,8,4,4]", 500_000_000L, 0),
                new OpProfiler.OpTiming("conv_2", "conv2d", "[1,8,2,2]", 1_000_000_000L, 400_000_000L));
        ProcessCounters counters = new ProcessCounters(0, 0, 0, 0, 0, 0);
        OpProfileReport report = new OpProfileReport("t", "x [1]", 5_000_000_000L, timings, counters, counters);
        Map<String, long[]> byType = report.byType();
        assertEquals(List.of("conv2d", "add"), List.copyOf(byType.keySet()), "the most expensive type first");
        assertEquals(4_000_000_000L, byType.get("conv2d")[0]);
        assertEquals(2, byType.get("conv2d")[1]);
        String summary = report.summary();
        assertTrue(summary.contains("| conv2d | 4.000 | 2 | 80.0 |"), summary);
        assertTrue(summary.contains("3 ops 4.500 s (90.0 %); between ops 0.500 s (10.0 %); outside the op loop"
                + " (session set-up, results) 0.000 s"), summary);
        assertTrue(summary.indexOf("| conv_1 |") < summary.indexOf("| conv_2 |"), "slowest op first");
    }
}
