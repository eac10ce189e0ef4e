package org.clipfusion.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The life of one scorer configuration, published as a service by the component that loads its model (with the
 * {@value ServiceProperties#ID} property) from the moment it is configured, also while no {@link Scorer} is
 * registered: {@code clipfusion:status} and {@code clipfusion:models} show it, and the engine fails a request at once,
 * rather than wait, for a scorer whose model failed to load.
 *
 * @since 1.5
 */
@ConsumerType
public interface ScorerStatus {

    /** Where the scorer stands. */
    enum State {
        /** Its first model is being loaded and verified; no scorer is registered yet. */
        LOADING,
        /** A model is registered and answering requests (a replacement may be loading meanwhile). */
        SERVING,
        /** No model could be loaded; {@link #detail()} says why. Nothing is registered. */
        FAILED
    }

    /** The scorer's {@value ServiceProperties#ID}. */
    String scorerId();

    State state();

    /** What is serving, what is loading and why a load failed, in one line, e.g. {@code serving tiny-a; loading b}. */
    String detail();
}
