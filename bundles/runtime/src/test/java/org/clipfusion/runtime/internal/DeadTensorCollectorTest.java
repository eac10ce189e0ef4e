package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class DeadTensorCollectorTest {
    private static final long MIB = 1L << 20;
    /** Long enough that the timer never looks during a test that calls look() itself. */
    private static final long NEVER_MILLIS = 3_600_000;

    @Test
    void collectsOnlyWhenTheHeapGrewByMoreThanFourMibSinceTheLastLook() {
        AtomicLong heap = new AtomicLong(100 * MIB);
        AtomicInteger collections = new AtomicInteger();
        try (DeadTensorCollector collector = new DeadTensorCollector(NEVER_MILLIS, heap::get,
                () -> {
                    collections.incrementAndGet();
                    heap.set(90 * MIB);
                })) {
            heap.set(103 * MIB);
            collector.look();
            assertEquals(0, collections.get(), "3 MiB of growth: idle");
            heap.set(108 * MIB);
            collector.look();
            assertEquals(1, collections.get(), "5 MiB more than at the last look");
            heap.set(93 * MIB);
            collector.look();
            assertEquals(1, collections.get(), "measured from after the collection (90 MiB): 3 MiB");
            heap.set(98 * MIB);
            collector.look();
            assertEquals(2, collections.get());
        }
    }

    @Test
    void looksEveryWindowUntilClosed() throws InterruptedException {
        AtomicLong heap = new AtomicLong();
        AtomicInteger collections = new AtomicInteger();
        DeadTensorCollector collector = new DeadTensorCollector(20, () -> heap.addAndGet(8 * MIB),
                collections::incrementAndGet);
        long deadline = System.currentTimeMillis() + 10_000;
        while (collections.get() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        collector.close();
        assertTrue(collections.get() >= 3, "collections: " + collections.get());
        Thread.sleep(100);
        int afterClose = collections.get();
        Thread.sleep(200);
        assertEquals(afterClose, collections.get(), "no look after close");
    }

    @Test
    void refusesAWindowThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new DeadTensorCollector(0, () -> 0, () -> { }));
    }

    @Test
    void theCpuBackendIgnoresNd4jsOwnPeriodicCollection() {
        // Why the runtime has its own: if a later ND4J honours the toggle, Nd4jRuntime stops starting this one.
        Nd4j.getMemoryManager().setAutoGcWindow(5000);
        Nd4j.getMemoryManager().togglePeriodicGc(true);
        assertFalse(Nd4j.getMemoryManager().isPeriodicGcActive());
    }
}
