package org.clipfusion.sinks.internal;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkState;
import org.clipfusion.sinks.UndeliverableResultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery loop, on its own thread: takes the entry after the sink's cursor, delivers it, advances the
 * cursor, and so on, strictly in order; a failure keeps the entry and waits ({@link Backoff}) before trying the same
 * entry again. The thread is never interrupted, because JDBC drivers and MQTT clients close their connections on
 * interrupts: stopping waits for the delivery in flight.
 */
final class SinkDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(SinkDelivery.class);
    /** An idle loop looks for work this often even without a wake-up, as a safety net. */
    private static final long IDLE_POLL_MILLIS = 1_000;

    private final ResultSink sink;
    private final String kind;
    private final SinkCursor cursor;
    private final OutboxStore store;
    private final Backoff backoff;
    private final Runnable afterDelivery;
    private final Object signal = new Object();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final SinkCounters counters;
    private final Thread thread;
    private boolean workPending;
    private volatile SinkState state = SinkState.IDLE;
    private volatile String lastError = "";
    private int failures;

    SinkDelivery(ResultSink sink, String kind, SinkCursor cursor, SinkCounters counters, OutboxStore store,
                 Backoff backoff, Runnable afterDelivery) {
        this.sink = sink;
        this.counters = counters;
        this.kind = kind;
        this.cursor = cursor;
        this.store = store;
        this.backoff = backoff;
        this.afterDelivery = afterDelivery;
        this.thread = new Thread(this::run, "clipfusion-sink-" + sink.id());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called after an append: there is something new to deliver. */
    void wake() {
        synchronized (signal) {
            workPending = true;
            signal.notifyAll();
        }
    }

    /** Stops after the delivery in flight, waiting for it at most {@code patience}. */
    void stop(Duration patience) {
        stopRequested.countDown();
        wake();
        try {
            thread.join(patience.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("sink '{}': a delivery is still running after {}; it will be repeated after restart",
                    sink.id(), patience);
        }
    }

    ResultSink sink() {
        return sink;
    }

    String kind() {
        return kind;
    }

    SinkCursor cursor() {
        return cursor;
    }

    SinkState state() {
        return state;
    }

    String lastError() {
        return lastError;
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void run() {
        while (!stopping()) {
            OutboxStore.EntryInfo next = store.after(cursor.delivered());
            if (next == null) {
                state = SinkState.IDLE;
                awaitWork();
                continue;
            }
            if (state != SinkState.BACKING_OFF) {
                state = SinkState.DELIVERING;
            }
            try {
                deliver(next);
            } catch (Exception e) {
                fail(next, e);
            }
        }
    }

    private void deliver(OutboxStore.EntryInfo next) throws Exception {
        DetectionResult result;
        try {
            result = ResultCodec.decode(store.read(next.sequence()).payload());
        } catch (NoSuchFileException e) {
            return; // dropped by the bounds meanwhile (logged there); the next loop takes the entry after it
        } catch (CorruptEntryException e) {
            LOG.error("sink '{}': outbox entry {} (request '{}') is damaged and was moved aside, not delivered: {}",
                    sink.id(), next.sequence(), next.requestId(), e.getMessage());
            return;
        }
        try {
            sink.deliver(result);
            counters.delivered.incrementAndGet();
        } catch (UndeliverableResultException e) {
            counters.rejected.incrementAndGet();
            LOG.error("sink '{}' REJECTED request '{}' as undeliverable; it is skipped for this sink (the outbox "
                    + "entry is {}): {}", sink.id(), next.requestId(), next.sequence(), describe(e));
        }
        cursor.advanceTo(next.sequence());
        if (failures > 0) {
            LOG.info("sink '{}': delivering again after {} failed attempts", sink.id(), failures);
        }
        failures = 0;
        lastError = "";
        state = SinkState.DELIVERING;
        afterDelivery.run();
    }

    private void fail(OutboxStore.EntryInfo entry, Exception e) {
        failures++;
        lastError = describe(e);
        state = SinkState.BACKING_OFF;
        Duration delay = backoff.delayAfter(failures);
        if (failures == 1) {
            LOG.warn("sink '{}': delivering request '{}' failed, the result stays in the outbox and is retried: {}",
                    sink.id(), entry.requestId(), lastError);
        } else {
            LOG.debug("sink '{}': attempt {} failed, next in {}: {}", sink.id(), failures, delay, lastError);
        }
        try {
            stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            try {
                if (!workPending && !stopping()) {
                    signal.wait(IDLE_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopRequested.countDown();
            }
            workPending = false;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            text += " (" + cause.getMessage() + ")";
        }
        return text;
    }
}
