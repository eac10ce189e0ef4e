package org.clipfusion.sinks;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Live view of the outbox: one status per sink that has entries to deliver or is registered. */
@ProviderType
public interface SinkMonitor {

    /** Every known sink, sorted by id. */
    List<SinkStatus> sinks();

    /**
     * Forgets a sink whose configuration was removed for good: its undelivered results no longer hold the outbox.
     *
     * @return false when no such sink is known, or it is still registered (remove its configuration first)
     * @throws IOException when its cursor could not be deleted
     */
    boolean forget(String sinkId) throws IOException;
}
