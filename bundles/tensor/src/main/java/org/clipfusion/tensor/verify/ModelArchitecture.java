package org.clipfusion.tensor.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model family's knowledge of what its directories hold, registered as an OSGi service (with {@code
 * clipfusion.id} = {@link #id()}) by the bundle that loads the family, so that {@code clipfusion:model-verify} can
 * check a directory with exactly the expectations the loader applies. Implementations read configs only, never
 * weights.
 */
@ConsumerType
public interface ModelArchitecture {
    /** A short stable name, e.g. {@code open_clip}, {@code stable-diffusion}. */
    String id();

    /** What directories it describes, for listings and errors (one line). */
    String description();

    /** Whether {@code directory} looks like one of this family's (by its config files); never throws. */
    boolean recognizes(Path directory);

    /**
     * The checkpoint files {@code directory} must hold, derived from its configs.
     *
     * @throws IOException naming the file when a config is missing, malformed or describes an unsupported model
     */
    List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException;
}
