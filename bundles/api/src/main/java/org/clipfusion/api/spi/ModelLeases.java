package org.clipfusion.api.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reference counting for a model behind a {@link Scorer}: {@link #acquire} hands out leases while the model is in
 * service, {@link #retire} takes it out of service, and the close action runs exactly once, when it is retired and
 * the last lease has been closed. Scorer components use it to close a replaced model without failing the requests
 * still running on it.
 *
 * @since 1.5
 */
public final class ModelLeases {
    private final Runnable closeAction;
    private int active;
    private boolean retired;
    private boolean closed;

    /** @param closeAction releases the model (its native memory); runs on the thread that ends the last lease */
    public ModelLeases(Runnable closeAction) {
        this.closeAction = Objects.requireNonNull(closeAction, "closeAction");
    }

    /** A lease on the model, or empty once it has been retired (the caller looks for the scorer that replaced it). */
    public Optional<ScorerLease> acquire() {
        synchronized (this) {
            if (retired) {
                return Optional.empty();
            }
            active++;
        }
        AtomicBoolean ended = new AtomicBoolean();
        return Optional.of(() -> {
            if (ended.compareAndSet(false, true)) {
                release();
            }
        });
    }

    /** Takes the model out of service: no new leases; closed now if none is open, else when the last one closes. */
    public void retire() {
        synchronized (this) {
            retired = true;
        }
        closeIfIdle();
    }

    /** The leases open right now. */
    public synchronized int active() {
        return active;
    }

    /** Whether the close action has run. */
    public synchronized boolean closed() {
        return closed;
    }

    private void release() {
        synchronized (this) {
            active--;
        }
        closeIfIdle();
    }

    private void closeIfIdle() {
        synchronized (this) {
            if (!retired || active > 0 || closed) {
                return;
            }
            closed = true;
        }
        closeAction.run();
    }
}
