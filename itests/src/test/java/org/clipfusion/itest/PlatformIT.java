package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.clipfusion.itest.check.SameDiffCheck;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The platform foundation inside the distribution: runtime ready, SameDiff in a DS component, the status command. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends ClipFusionKarafSupport {

    @Inject
    ComputeRuntime runtime;

    @Inject
    SameDiffCheck sameDiffCheck;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    @Test
    public void runtimeIsReadyOnCpu() {
        RuntimeStatus status = runtime.status();
        assertEquals("CPU", status.backend());
        assertTrue("threads: " + status.computeThreads(), status.computeThreads() >= 1);
        assertTrue("native cache: " + status.nativeCache(), status.nativeCache().contains("javacpp"));
        assertTrue("cap: " + status.maxNativeBytes(), status.maxNativeBytes() > 0);
    }

    @Test
    public void dsComponentComputesSameDiffGraph() {
        double[][] x = {{0.5, -1.0, 2.0, 0.25}, {1.5, 0.25, -0.75, -2.0}, {0, 0, 0, 0}};
        double[][] w = {{0.3, -0.2, 0.1, 0.9}, {-0.4, 0.5, 0.6, -0.1}, {0.7, -0.8, 0.9, 0.2}};
        double[] b = {0.1, -0.2, 0.05};

        double[][] actual = sameDiffCheck.geluLinearSoftmax(x, w, b);

        double[][] expected = geluLinearSoftmax(x, w, b);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals("row " + i + " column " + j, expected[i][j], actual[i][j], 1e-9);
            }
        }
    }

    @Test
    public void statusCommandShowsCpuBackendAndTheRegistries() throws Exception {
        String output = executeCommand("clipfusion:status");

        assertTrue(output, output.matches("(?s).*Runtime\\s+CPU .*"));
        // No model is configured in a fresh distribution; the fusion strategies ship with it.
        assertTrue(output, output.matches("(?s).*Scorers\\s+\\(none\\).*"));
        assertTrue(output, output.matches("(?s).*Fusion strategies\\s+harmonic-mean \\[ranking 10\\], max \\[ranking "
                + "10\\], rank-normalized-sum \\[ranking 10\\], weighted-sum \\[ranking 100\\]\\R.*"));
        assertTrue(output, output.matches("(?s).*Sinks\\s+\\(none\\).*"));
    }

    /** The README's non-interactive way: bin/clipfusion-access once, then bin/clipfusion-shell over SSH. */
    @Test
    public void statusRunsNonInteractivelyThroughTheDocumentedScripts() throws Exception {
        File home = new File(System.getProperty("karaf.home"));
        Result access = run(home, new File(home, "bin/clipfusion-access").getPath());
        assertEquals(access.output, 0, access.exitCode);

        Result status = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            status = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:status");
            if (status.exitCode == 0) {
                break;
            }
            Thread.sleep(1000); // the SSH server may still be starting
        } while (System.nanoTime() < deadline);

        assertEquals(status.output, 0, status.exitCode);
        assertTrue(status.output, status.output.matches("(?s).*Runtime\\s+CPU .*"));
        assertTrue(status.output, status.output.matches("(?s).*Scorers\\s+\\(none\\).*"));

        Result unknown = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:no-such-command");
        assertTrue("exit code " + unknown.exitCode, unknown.exitCode != 0);
        assertFalse("plain text where the output is not a terminal: " + unknown.output,
                unknown.output.contains("\u001b"));

        // Through a pipe: no ANSI codes, help works, --help shows no empty defaults.
        // "clipfusion:" lists the scope's commands.
        Result help = run(home, new File(home, "bin/clipfusion-shell").getPath(), "help clipfusion:");
        assertEquals(help.output, 0, help.exitCode);
        assertTrue(help.output, help.output.contains("clipfusion:category-remove"));
        assertTrue(help.output, help.output.contains("clipfusion:token-create"));
        assertFalse(help.output, help.output.contains("\u001b"));
        Result usage = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:detect --help");
        assertTrue(usage.output, usage.output.contains("--request-id"));
        assertFalse(usage.output, usage.output.contains("\u001b"));
        assertFalse(usage.output, usage.output.contains("(defaults to )"));
        // The options as the command declares them (Karaf's own page had them in hash order).
        int previous = -1;
        for (String option : List.of("-c, --category", "-o, --output", "-p, --part", "-r, --recursive",
                "--request-id", "--image-id", "--help")) {
            int at = usage.output.indexOf("        " + option + "\n");
            assertTrue(option + " out of order: " + usage.output, at > previous);
            previous = at;
        }
        // Karaf's help for one command runs it with --help in an inner session (which, without a terminal, used to
        // fail and print only "COMMANDS"); for the scope it needs every command of the scope in one bundle.
        Result commandHelp = run(home, new File(home, "bin/clipfusion-shell").getPath(), "help clipfusion:detect");
        assertEquals(commandHelp.output, 0, commandHelp.exitCode);
        assertEquals(usage.output, commandHelp.output);
        Result scopeHelp = run(home, new File(home, "bin/clipfusion-shell").getPath(), "help clipfusion");
        assertEquals(scopeHelp.output, 0, scopeHelp.exitCode);
        for (String command : List.of("clipfusion:detect", "clipfusion:token-create", "clipfusion:cluster",
                "clipfusion:usage")) {
            assertTrue(scopeHelp.output, scopeHelp.output.contains(command));
        }
        // A command of a feature that is not installed (Kafka) refuses in one line.
        Result cluster = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:cluster");
        assertEquals(cluster.output, 1, cluster.exitCode);
        assertEquals("Error executing command: this node is in no cluster: create etc/org.clipfusion.kafka.cfg"
                + " (feature clipfusion-kafka)", cluster.output.trim());

        // A refused command: exit status 1, one plain line, and no stack trace at ERROR in the log.
        Result refused = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:category-set ..");
        assertEquals(refused.output, 1, refused.exitCode);
        assertTrue(refused.output, refused.output.startsWith("Error executing command: category name '..' may hold"
                + " only ASCII letters"));
        File karafLog = new File(home, "data/log/karaf.log");
        if (karafLog.isFile()) {
            String log = java.nio.file.Files.readString(karafLog.toPath());
            assertFalse(log, log.contains("Exception caught while executing command"));
        }

        Result waited = run(home, new File(home, "bin/clipfusion-shell").getPath(), "clipfusion:status --wait 5");
        assertEquals(waited.output, 0, waited.exitCode);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(File directory, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(line).directory(directory).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static double[][] geluLinearSoftmax(double[][] x, double[][] w, double[] b) {
        double[][] out = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            double total = 0;
            for (int j = 0; j < w.length; j++) {
                double z = b[j];
                for (int k = 0; k < x[i].length; k++) {
                    z += x[i][k] * w[j][k];
                }
                double gelu = 0.5 * z * (1 + erf(z / Math.sqrt(2)));
                out[i][j] = Math.exp(gelu);
                total += out[i][j];
            }
            for (int j = 0; j < w.length; j++) {
                out[i][j] /= total;
            }
        }
        return out;
    }

    /** erf by its Maclaurin series, converging to double precision for |z| < 3. */
    private static double erf(double z) {
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
