package org.clipfusion.api.spi;

import org.clipfusion.api.AnomalyMap;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Combines the branch maps into one map (the paper's weighted sum, max, harmonic mean...). Stateless and thread-safe.
 * Which strategy a category uses is configuration; the service ranking breaks ties.
 */
@ConsumerType
public interface FusionStrategy {

    /** Stable id, also published as the {@value ServiceProperties#ID} service property. */
    String id();

    /** @return a map of role {@link org.clipfusion.api.MapRole#FUSED} on the input grid */
    AnomalyMap fuse(FusionInput input);
}
