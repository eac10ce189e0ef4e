package org.clipfusion.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/** {@code clipfusion:status}: what the platform runs on and which providers are registered right now. */
@Service
@Command(scope = "clipfusion", name = "status",
        description = "Shows the compute backend, threads, native memory and the registered scorers, fusion "
                + "strategies and sinks")
public class StatusCommand implements Action {

    @Reference(optional = true)
    ComputeRuntime runtime;

    @Reference
    BundleContext bundleContext;

    @Override
    public Object execute() throws InvalidSyntaxException {
        PrintStream out = System.out;
        out.println("ClipFusion " + bundleContext.getBundle().getVersion());
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
        return null;
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
