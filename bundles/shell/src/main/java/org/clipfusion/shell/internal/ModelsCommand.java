package org.clipfusion.shell.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.runtime.ComputeRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** {@code clipfusion:models}: the models behind each registered scorer, with files, checksums and memory in use. */
@Service
@Command(scope = "clipfusion", name = "models", description = "Lists loaded models, their files and checksums, and whether each scorer is loading, serving or failed")
@Parsing(HelpRedirectingParser.class)
public class ModelsCommand extends UserCommand {

    @Reference
    BundleContext bundleContext;

    @Reference(optional = true)
    ComputeRuntime runtime;

    @Override
    protected Object run() throws Exception {
        ShellTable table = new ShellTable();
        table.emptyTableText("no scorer is registered (configure one, e.g. etc/org.clipfusion.clip.patchclip.cfg)");
        table.column("Scorer");
        table.column("Model");
        table.column("File");
        table.column("SHA-256");
        table.column("State");
        Map<String, String> states = ScorerStates.describe(bundleContext);
        Set<String> listed = new HashSet<>();
        for (ServiceReference<Scorer> reference : bundleContext.getServiceReferences(Scorer.class, null)) {
            Scorer scorer = bundleContext.getService(reference);
            if (scorer == null) {
                continue;
            }
            try {
                String state = states.getOrDefault(scorer.id(), "serving");
                for (ModelInfo model : scorer.models()) {
                    table.addRow().addContent(scorer.id(), model.id(), model.file(), model.sha256(), state);
                }
                listed.add(scorer.id());
            } finally {
                bundleContext.ungetService(reference);
            }
        }
        // Configured scorers with no model registered: loading, or failed with the reason.
        states.forEach((id, state) -> {
            if (!listed.contains(id)) {
                table.addRow().addContent(id, "-", "-", "-", state);
            }
        });
        table.print(System.out);
        if (runtime != null) {
            System.out.println("Native memory in use: " + Sizes.format(runtime.status().nativeBytesInUse())
                    + ", resident: " + Sizes.format(runtime.status().physicalBytes()));
        }
        return null;
    }
}
