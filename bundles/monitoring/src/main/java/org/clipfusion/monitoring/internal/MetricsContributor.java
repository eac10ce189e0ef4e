package org.clipfusion.monitoring.internal;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Metrics of a concern whose bundle may be absent (the Kafka cluster), offered by a component of this bundle that
 * only activates when that concern's service is there; the exposition appends them to its own at every scrape.
 */
public interface MetricsContributor {

    MetricSnapshots scrape();
}
