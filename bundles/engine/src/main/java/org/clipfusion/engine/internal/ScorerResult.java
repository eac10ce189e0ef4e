package org.clipfusion.engine.internal;

import org.clipfusion.api.spi.ScorerOutput;

/**
 * One scorer's answer within a detection.
 *
 * @param scorerId the scorer's id
 * @param output   what it returned
 * @param nanos    how long it took (for latency metrics); -1 when not measured
 */
record ScorerResult(String scorerId, ScorerOutput output, long nanos) {
    ScorerResult(String scorerId, ScorerOutput output) {
        this(scorerId, output, -1);
    }
}
