package org.clipfusion.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether DL4J 1.0.0-M2.1's CUDA 11.6 build can run here. Its native library holds machine code for sm_37 to
 * sm_86 and no PTX, so a Hopper or newer card (compute capability 9.0+) loads it and then fails on the first kernel;
 * we refuse such cards up front instead. sm_89 runs sm_86 code (same major version).
 */
final class GpuProbe {

    /** The verdict, with the reason to log when CUDA is not usable. */
    record Verdict(boolean usable, String description) {
    }

    private GpuProbe() {
    }

    static Verdict probe() {
        List<String> lines;
        try {
            lines = run("nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader");
        } catch (IOException e) {
            return new Verdict(false, "no NVIDIA driver found (nvidia-smi not available)");
        }
        if (lines.isEmpty()) {
            return new Verdict(false, "the NVIDIA driver reports no GPU");
        }
        return judge(lines.get(0));
    }

    /** Judges one {@code name, major.minor} line of {@code nvidia-smi --query-gpu=name,compute_cap}. */
    static Verdict judge(String line) {
        int comma = line.lastIndexOf(',');
        if (comma < 0) {
            return new Verdict(false, "cannot read the GPU's compute capability from '" + line.trim() + "'");
        }
        String name = line.substring(0, comma).trim();
        String capability = line.substring(comma + 1).trim();
        double cc;
        try {
            cc = Double.parseDouble(capability);
        } catch (NumberFormatException e) {
            return new Verdict(false, "cannot read the compute capability of " + name + " ('" + capability + "')");
        }
        if (cc < 3.7) {
            return new Verdict(false, name + " has compute capability " + capability
                    + ", below 3.7, the oldest DL4J M2.1's CUDA build supports");
        }
        if (cc >= 9.0) {
            return new Verdict(false, name + " has compute capability " + capability
                    + "; DL4J M2.1's CUDA 11.6 build has code for 3.7 to 8.x only");
        }
        return new Verdict(true, name + " (compute capability " + capability + ")");
    }

    private static List<String> run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("nvidia-smi did not answer within 10 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("nvidia-smi failed with exit code " + process.exitValue());
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking nvidia-smi", e);
        }
    }
}
