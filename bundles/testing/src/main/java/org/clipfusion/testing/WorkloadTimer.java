package org.clipfusion.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times one benchmark workload the way {@code shared/bench/torch-reference/bench.py} does (W untimed warm-up calls,
 * then R timed calls) and prints the same JSON line: median, minimum, every time, and the process's peak resident
 * memory ({@code VmHWM}, like the reference's {@code ru_maxrss}). {@code bench/compare} reads the line from stdout.
 */
public final class WorkloadTimer {

    /** One call of the workload. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    private WorkloadTimer() {
    }

    /**
     * @param setupSeconds how long loading the models took (reported, not timed)
     * @param threads      the native thread count the workload ran with
     */
    public static void time(String name, Call call, int runs, int warmUps, double setupSeconds, int threads,
                            PrintStream json) throws Exception {
        long rssAfterSetup = status("VmRSS");
        String loadBefore = loadAverage();
        for (int i = 0; i < warmUps; i++) {
            call.run();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            times[i] = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "# %s run %d: %.3f s%n", name, i + 1, times[i]);
        }
        String loadAfter = loadAverage();
        long peak = status("VmHWM");
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "{\"name\": \"%s\", \"median_s\": %.4f, \"min_s\": %.4f, \"times_s\": [", name, median, sorted[0]));
        for (int i = 0; i < runs; i++) {
            line.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", times[i]));
        }
        line.append(String.format(Locale.ROOT, "], \"runs\": %d, \"warmup\": %d, \"peak_rss_mib\": %d, "
                        + "\"rss_after_setup_mib\": %d, \"setup_s\": %.2f, \"loadavg_before\": \"%s\", "
                        + "\"loadavg_after\": \"%s\", \"threads\": %d}", runs, warmUps, peak >> 10,
                rssAfterSetup >> 10, setupSeconds, loadBefore, loadAfter, threads));
        json.println(line);
        json.flush();
    }

    /** A {@code /proc/self/status} size field, in KiB; -1 where the system has none. */
    public static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() throws IOException {
        String[] fields = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
