package org.clipfusion.runtime.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Collects the Java heap at most every {@code windowMillis} while tensors are being made, so that ND4J frees the
 * native buffers of arrays nobody closed.
 *
 * <p>ND4J frees such a buffer only when the array's Java object is collected, and a model run leaves little heap
 * garbage: old-generation collections, the ones that reach those objects, can be minutes apart while gigabytes of
 * dead tensors wait (the whole zero-shot inspection crept from 5.3 to 8.1 GB over three inspections; with a full
 * collection every 8 s it stayed at 5.4-6.3 GB). ND4J has a periodic collection for this ({@code
 * MemoryManager.togglePeriodicGc}), but the CPU backend's memory manager ignores it ({@code isPeriodicGcActive()}
 * is always false in 1.0.0-M2.1), so the runtime runs its own. It collects only when the heap grew by more than
 * {@link #ACTIVITY_BYTES} since the last look: making tensors allocates heap, an idle line does not pay for it.
 */
public final class DeadTensorCollector implements AutoCloseable {
    /** Heap growth between two looks that counts as models running. */
    static final long ACTIVITY_BYTES = 4L << 20;

    private final LongSupplier heapUsed;
    private final Runnable collection;
    private final ScheduledExecutorService timer;
    private long usedAfterLastLook;

    DeadTensorCollector(long windowMillis, LongSupplier heapUsed, Runnable collection) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("the collection window must be positive, got " + windowMillis);
        }
        this.heapUsed = heapUsed;
        this.collection = collection;
        this.usedAfterLastLook = heapUsed.getAsLong();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clipfusion-dead-tensor-collector");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::look, windowMillis, windowMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts collecting the JVM's heap ({@code System.gc()}) at most every {@code windowMillis}. */
    public static DeadTensorCollector start(long windowMillis) {
        return new DeadTensorCollector(windowMillis,
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), System::gc);
    }

    /** One look: collects when the heap grew by more than {@link #ACTIVITY_BYTES} since the last one. */
    synchronized void look() {
        long used = heapUsed.getAsLong();
        if (used - usedAfterLastLook > ACTIVITY_BYTES) {
            collection.run();
            used = heapUsed.getAsLong();
        }
        usedAfterLastLook = used;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
