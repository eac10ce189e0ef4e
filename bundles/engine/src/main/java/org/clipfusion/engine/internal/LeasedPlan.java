package org.clipfusion.engine.internal;

import java.util.List;
import org.clipfusion.api.spi.ScorerLease;

/**
 * A {@link DetectionPlan} whose scorers' models are held open until {@link #close}: a model replaced meanwhile is
 * closed only after this request is done with it.
 */
final class LeasedPlan implements AutoCloseable {
    private final DetectionPlan plan;
    private final List<ScorerLease> leases;

    LeasedPlan(DetectionPlan plan, List<ScorerLease> leases) {
        this.plan = plan;
        this.leases = List.copyOf(leases);
    }

    DetectionPlan plan() {
        return plan;
    }

    @Override
    public void close() {
        leases.forEach(ScorerLease::close);
    }
}
