package org.clipfusion.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.clipfusion.api.spi.FusionStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/** Completes the ids of the registered fusion strategies. */
@Service
public class FusionStrategyCompleter implements Completer {

    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        try {
            ids.getStrings().addAll(Registries.ids(bundleContext, FusionStrategy.class));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ids.complete(session, commandLine, candidates);
    }
}
