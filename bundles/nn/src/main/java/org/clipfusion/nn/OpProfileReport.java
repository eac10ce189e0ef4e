package org.clipfusion.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clipfusion.nn.OpProfiler.OpTiming;

/**
 * The summary of one profiled graph run: time per op type, the slowest single ops, and the sum of the ops against
 * the run's wall time, so that what the session spends between ops shows; plus what the process did meanwhile
 * ({@link ProcessCounters}). Written as Markdown ({@code .md}) beside a tab-separated list of every op ({@code
 * .tsv}), for comparing runs op by op.
 */
final class OpProfileReport {
    /** How many single ops the summary lists. */
    static final int TOP_OPS = 30;
    private static final double NANOS_PER_SECOND = 1e9;

    private final String title;
    private final String feeds;
    private final long wallNanos;
    private final List<OpTiming> timings;
    private final ProcessCounters before;
    private final ProcessCounters after;

    OpProfileReport(String title, String feeds, long wallNanos, List<OpTiming> timings, ProcessCounters before,
            ProcessCounters after) {
        this.title = title;
        this.feeds = feeds;
        this.wallNanos = wallNanos;
        this.timings = timings;
        this.before = before;
        this.after = after;
    }

    /** Writes {@code baseName.md} and {@code baseName.tsv} into {@code directory} (created if missing). */
    void write(Path directory, String baseName) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(baseName + ".md"), summary(), StandardCharsets.UTF_8);
        StringBuilder all = new StringBuilder("op\ttype\toutput shapes\tms\tms before the op\n");
        for (OpTiming timing : timings) {
            all.append(timing.name()).append('\t').append(timing.type()).append('\t').append(timing.outputShapes())
                    .append('\t').append(format("%.3f", timing.nanos() / 1e6)).append('\t')
                    .append(format("%.3f", timing.gapNanos() / 1e6)).append('\n');
        }
        Files.writeString(directory.resolve(baseName + ".tsv"), all, StandardCharsets.UTF_8);
    }

    String summary() {
        long opNanos = timings.stream().mapToLong(OpTiming::nanos).sum();
        long gapNanos = timings.stream().mapToLong(OpTiming::gapNanos).sum();
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
        text.append("feeds: ").append(feeds).append("\n\n");
        text.append(format("run wall %.3f s; %d ops %.3f s (%.1f %%); between ops %.3f s (%.1f %%); "
                + "outside the op loop (session set-up, results) %.3f s%n%n", seconds(wallNanos), timings.size(),
                seconds(opNanos), share(opNanos), seconds(gapNanos), share(gapNanos),
                seconds(wallNanos - opNanos - gapNanos)));
        text.append(format("process during the run: CPU %.1f s (%.2f cores busy), minor page faults %d, major %d, "
                + "GCs %d (%.2f s), resident %d → %d MiB%n%n", (after.cpuMillis() - before.cpuMillis()) / 1e3,
                (after.cpuMillis() - before.cpuMillis()) * 1e6 / Math.max(1, wallNanos),
                after.minorFaults() - before.minorFaults(), after.majorFaults() - before.majorFaults(),
                after.gcCount() - before.gcCount(), (after.gcMillis() - before.gcMillis()) / 1e3,
                before.residentKib() >> 10, after.residentKib() >> 10));
        text.append("## Time per op type\n\n| op type | total s | count | share of the run % |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, long[]> type : byType().entrySet()) {
            text.append(format("| %s | %.3f | %d | %.1f |%n", type.getKey(), seconds(type.getValue()[0]),
                    type.getValue()[1], share(type.getValue()[0])));
        }
        text.append("\n## The ").append(TOP_OPS).append(" slowest ops\n\n")
                .append("| op | type | output shapes | s | share of the run % |\n|---|---|---|---:|---:|\n");
        timings.stream().sorted(Comparator.comparingLong(OpTiming::nanos).reversed()).limit(TOP_OPS)
                .forEach(timing -> text.append(format("| %s | %s | %s | %.3f | %.1f |%n", timing.name(),
                        timing.type(), timing.outputShapes(), seconds(timing.nanos()), share(timing.nanos()))));
        return text.toString();
    }

    /** Op type → {total nanos, count}, the most expensive type first. */
    Map<String, long[]> byType() {
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (OpTiming timing : timings) {
            long[] total = totals.computeIfAbsent(timing.type(), type -> new long[2]);
            total[0] += timing.nanos();
            total[1]++;
        }
        Map<String, long[]> sorted = new LinkedHashMap<>();
        totals.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    private double share(long nanos) {
        return 100.0 * nanos / Math.max(1, wallNanos);
    }

    private static double seconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
