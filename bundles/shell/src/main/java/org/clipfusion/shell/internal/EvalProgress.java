package org.clipfusion.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;

/**
 * Progress of {@code clipfusion:eval} as plain lines (the command also runs over non-interactive SSH, where
 * carriage-return redraws turn into noise): one line per run start and end, and an image line at most every
 * {@value #INTERVAL_MILLIS} ms and at the last image.
 */
final class EvalProgress implements EvaluationListener {
    private static final long INTERVAL_MILLIS = 5_000;

    private final PrintStream out;
    private long lastPrint;

    EvalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void runStarted(RunKey run, int images, List<String> references) {
        out.println(run + ": " + images + " test images" + (references.isEmpty() ? ", zero-shot"
                : ", references " + String.join(", ", references)));
        lastPrint = System.currentTimeMillis();
    }

    @Override
    public void runResumed(RunKey run) {
        out.println(run + ": finished earlier, taken from the output folder");
    }

    @Override
    public void imageDone(RunKey run, int done, int total, double rate, Duration eta) {
        long now = System.currentTimeMillis();
        if (done < total && now - lastPrint < INTERVAL_MILLIS) {
            return;
        }
        lastPrint = now;
        out.println(String.format(Locale.ROOT, "  %s: image %d of %d, %.2f images/s, ETA %s", run.category(), done,
                total, rate, eta == null ? "-" : format(eta)));
    }

    @Override
    public void problem(RunKey run, String file, String message) {
        out.println("  skipped " + file + ": " + message);
    }

    @Override
    public void runFinished(RunResult result) {
        if (!result.succeeded()) {
            out.println(result.key() + ": FAILED: " + result.failure().orElseThrow());
            return;
        }
        StringBuilder line = new StringBuilder(result.key() + ": done in "
                + format(Duration.ofMillis(Math.round(result.seconds() * 1000))));
        for (Metric metric : Metric.values()) {
            metric.of(result).ifPresent(value -> line.append(String.format(Locale.ROOT, ", %s %.1f", metric.label(),
                    100 * value)));
        }
        out.println(line);
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
