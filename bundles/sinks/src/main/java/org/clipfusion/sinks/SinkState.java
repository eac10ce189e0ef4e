package org.clipfusion.sinks;

/** Where a sink's delivery loop stands. */
public enum SinkState {
    /** Nothing left to deliver. */
    IDLE,
    /** Delivering its backlog. */
    DELIVERING,
    /** The last delivery failed; waiting before the next try. */
    BACKING_OFF,
    /** Has undelivered entries on disk but no sink service of that id is registered (configuration removed?). */
    ABSENT,
    /**
     * Configured, but could not start (a bad configuration, a target it can never write): the status's last error
     * says why. Its results wait, as for {@link #ABSENT}, until the configuration is fixed.
     */
    FAILED
}
