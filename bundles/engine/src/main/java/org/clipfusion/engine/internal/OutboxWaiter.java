package org.clipfusion.engine.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultOutbox;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each result to the sinks' durable outbox before {@code detect} returns, so that a result the caller has seen
 * is never lost. While the outbox is away but expected back (the sinks bundle is installed and being restarted or
 * updated, or an outbox was bound before), a request waits for it, bounded; when the time runs out, or the outbox
 * cannot store the result, the request fails: the line must know that its consumers will not get it, rather than
 * believe it was recorded. Only with no sinks installed at all do results go to the caller and events alone.
 */
final class OutboxWaiter {
    static final String SINKS_BUNDLE = "org.clipfusion.sinks";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxWaiter.class);

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private ResultOutbox outbox;
    /** Guarded by {@link #lock}: whether an outbox was ever bound, so that its absence is a gap, not a choice. */
    private boolean seen;
    /** Guarded by {@link #lock}: the "no sinks installed" notice is logged once. */
    private boolean toldNoSinks;
    private volatile BundleContext framework;

    /** Lets the waiter ask the framework whether the sinks bundle is installed. */
    void useFramework(BundleContext context) {
        framework = context;
    }

    void bind(ResultOutbox newOutbox) {
        synchronized (lock) {
            outbox = newOutbox;
            seen = true;
            lock.notifyAll();
        }
    }

    void unbind(ResultOutbox oldOutbox) {
        synchronized (lock) {
            // With a greedy reference the replacement is bound before the old one is unbound: keep the replacement.
            if (outbox == oldOutbox) {
                outbox = null;
            }
        }
    }

    /**
     * Stores the result, waiting up to {@code maxWait} for an outbox that is away.
     *
     * @throws DetectionException when no outbox came back in time, or the outbox could not store the result
     */
    void record(DetectionResult result, Duration maxWait) throws DetectionException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            ResultOutbox current = awaitOutbox(result, deadline, maxWait);
            if (current == null) {
                return; // no sinks installed
            }
            try {
                current.append(result);
                return;
            } catch (Exception e) {
                if (replaced(current) && System.nanoTime() - deadline < 0) {
                    // The outbox was stopped while this result was being appended (the sinks bundle is updating):
                    // the entry did not go in; give it to the next outbox.
                    LOG.info("request '{}': the outbox went away during the append ({}); waiting for the next one",
                            result.requestId(), e.toString());
                    continue;
                }
                LOG.error("request '{}': the result could not be stored in the sinks' outbox: {}",
                        result.requestId(), e.toString());
                throw new DetectionException("request '" + result.requestId() + "' was scored (" + result.imageScore()
                        + ") but could not be stored for the result sinks: " + e.getMessage(), e);
            }
        }
    }

    private boolean replaced(ResultOutbox used) {
        synchronized (lock) {
            return outbox != used;
        }
    }

    /** The outbox; null when no sinks are installed; waits while it is expected back. */
    private ResultOutbox awaitOutbox(DetectionResult result, long deadline, Duration maxWait)
            throws DetectionException {
        synchronized (lock) {
            while (outbox == null) {
                if (!seen && !sinksInstalled()) {
                    if (!toldNoSinks) {
                        toldNoSinks = true;
                        LOG.info("no result sinks are installed: results go to the caller and to events only");
                    }
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.error("request '{}': no result outbox for {} s; the request fails unrecorded",
                            result.requestId(), maxWait.toSeconds());
                    throw new DetectionException("request '" + result.requestId() + "' was scored ("
                            + result.imageScore() + ") but not recorded: the result sinks' outbox has been"
                            + " unavailable for " + maxWait.toSeconds() + " s (is the " + SINKS_BUNDLE
                            + " bundle stopped?); retry the request (engine setting outboxWaitSeconds)");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DetectionException("request '" + result.requestId() + "' was interrupted while"
                            + " waiting for the result outbox; it is not recorded");
                }
            }
            toldNoSinks = false;
            return outbox;
        }
    }

    private boolean sinksInstalled() {
        BundleContext context = framework;
        if (context == null) {
            return false;
        }
        try {
            for (Bundle bundle : context.getBundles()) {
                if (SINKS_BUNDLE.equals(bundle.getSymbolicName()) && bundle.getState() != Bundle.UNINSTALLED) {
                    return true;
                }
            }
        } catch (IllegalStateException e) {
            return false; // the engine's own bundle is stopping
        }
        return false;
    }
}
