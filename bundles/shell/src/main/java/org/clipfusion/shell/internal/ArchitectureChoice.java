package org.clipfusion.shell.internal;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.clipfusion.tensor.verify.ModelArchitecture;

/** Which registered {@link ModelArchitecture} a model directory is checked against. */
final class ArchitectureChoice {
    private ArchitectureChoice() {
    }

    /**
     * The architecture named {@code id}, or else the one architecture that recognises {@code directory}.
     *
     * @throws IllegalArgumentException naming the directory and the registered architectures when {@code id} is
     *     unknown, or none or several recognise the directory
     */
    static ModelArchitecture choose(Collection<ModelArchitecture> registered, String id, Path directory) {
        if (id != null) {
            return registered.stream().filter(architecture -> architecture.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + id + "'; registered: "
                            + ids(registered)));
        }
        List<ModelArchitecture> recognising = registered.stream()
                .filter(architecture -> architecture.recognizes(directory))
                .toList();
        if (recognising.size() == 1) {
            return recognising.get(0);
        }
        if (recognising.isEmpty()) {
            throw new IllegalArgumentException("no registered architecture recognises " + directory + " by its "
                    + "config files (registered: " + ids(registered) + "); name one with --architecture");
        }
        throw new IllegalArgumentException(directory + " looks like " + ids(recognising) + "; name one with "
                + "--architecture");
    }

    private static String ids(Collection<ModelArchitecture> architectures) {
        return architectures.isEmpty() ? "none (are the clip and diffusion bundles started?)"
                : architectures.stream().map(ModelArchitecture::id).sorted().collect(Collectors.joining(", "));
    }
}
