package org.clipfusion.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.clipfusion.api.Detector;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * {@code clipfusion:status}: what the platform runs on and which providers are registered right now. Fails (a non-zero
 * exit status through {@code bin/clipfusion-shell}) while the platform is not ready to detect, i.e. while the compute
 * runtime or the detection engine is missing, so that scripts can wait for it ({@code --wait}).
 */
@Service
@Command(scope = "clipfusion", name = "status",
        description = "Shows the compute backend, threads, native memory and the registered scorers, fusion "
                + "strategies and sinks; fails while the platform is not ready")
@Parsing(HelpRedirectingParser.class)
public class StatusCommand extends UserCommand {
    private static final long POLL_MILLIS = 250;

    @Option(name = "-w", aliases = "--wait", description = "Wait up to this many seconds for the platform to be"
            + " ready")
    int waitSeconds;

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws InvalidSyntaxException, InterruptedException {
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait must be a number of seconds >= 0, got " + waitSeconds);
        }
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (!ready() && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
        }
        ComputeRuntime runtime = service(ComputeRuntime.class);
        PrintStream out = System.out;
        out.println("ClipFusion " + bundleContext.getBundle().getVersion());
        boolean engine = bundleContext.getServiceReference(Detector.class) != null;
        if (!engine) {
            out.println(row("Engine", "NOT READY (the detection engine has not started; see the log)"));
        }
        if (runtime == null) {
            out.println(row("Runtime", "NOT READY (the runtime bundle has not started; see the log)"));
        } else {
            RuntimeStatus s = runtime.status();
            out.println(row("Runtime", s.backend() + " (" + s.device() + ")"));
            out.println(row("Threads", s.computeThreads() + " op, " + s.blasThreads() + " BLAS, OMP_WAIT_POLICY="
                    + s.ompWaitPolicy()));
            out.println(row("Native memory", Sizes.format(s.nativeBytesInUse()) + " in use, cap "
                    + Sizes.format(s.maxNativeBytes())));
            out.println(row("Resident memory", Sizes.format(s.physicalBytes()) + ", cap "
                    + Sizes.format(s.maxPhysicalBytes())));
            out.println(row("Native cache", s.nativeCache()));
            if (!s.notice().isEmpty()) {
                out.println(row("Notice", s.notice()));
            }
        }
        out.println(row("Scorers", ids(Scorer.class)));
        ScorerStates.describe(bundleContext).forEach((id, state) -> out.println(row("  " + id, state)));
        out.println(row("Fusion strategies", ids(FusionStrategy.class)));
        out.println(row("Sinks", ids(ResultSink.class)));
        if (runtime == null || !engine) {
            throw new IllegalStateException("ClipFusion is NOT READY" + (waitSeconds > 0 ? " after waiting "
                    + waitSeconds + " s" : ""));
        }
        return null;
    }

    private boolean ready() {
        return bundleContext.getServiceReference(ComputeRuntime.class) != null
                && bundleContext.getServiceReference(Detector.class) != null;
    }

    /** Looked up on each call rather than injected once, so that {@code --wait} sees services as they arrive. */
    private <S> S service(Class<S> type) {
        ServiceReference<S> reference = bundleContext.getServiceReference(type);
        return reference == null ? null : bundleContext.getService(reference);
    }

    private String ids(Class<?> service) throws InvalidSyntaxException {
        List<String> ids = new ArrayList<>();
        Registries.rankings(bundleContext, service).forEach((id, ranking) -> ids.add(ranking == 0 ? id
                : id + " [ranking " + ranking + "]"));
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }

    private static String row(String label, String value) {
        return String.format("%-18s %s", label, value);
    }
}
