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
    ABSENT
}
