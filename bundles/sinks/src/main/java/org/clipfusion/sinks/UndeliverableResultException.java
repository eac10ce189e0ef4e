package org.clipfusion.sinks;

/**
 * Thrown by a sink when a result can never be delivered whatever the retries (a value the database rejects, a payload
 * the broker refuses), as opposed to the consumer being unavailable. The outbox then logs the result at ERROR, counts
 * it as rejected for that sink and moves on, instead of blocking every later result behind it.
 */
public class UndeliverableResultException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndeliverableResultException(String message, Throwable cause) {
        super(message, cause);
    }
}
