package org.clipfusion.engine.internal;

import org.clipfusion.api.spi.ScorerOutput;

/**
 * One scorer's answer within a detection.
 *
 * @param scorerId the scorer's id
 * @param output   what it returned
 */
record ScorerResult(String scorerId, ScorerOutput output) {
}
