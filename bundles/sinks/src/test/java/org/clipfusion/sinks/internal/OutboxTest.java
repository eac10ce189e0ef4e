package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.clipfusion.sinks.SinkFailure;
import org.clipfusion.sinks.SinkState;
import org.clipfusion.sinks.SinkStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(80));

    @TempDir
    Path folder;

    private OutboxSettings settings(int maxEntries, Duration maxAge) {
        return new OutboxSettings(folder, maxEntries, maxAge, FAST);
    }

    @Test
    void deliversEveryResultInOrderToEverySink() throws Exception {
        try (Outbox outbox = Outbox.open(settings(1000, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink first = new RecordingSink("first");
            RecordingSink second = new RecordingSink("second");
            outbox.addSink(first, "test");
            outbox.addSink(second, "test");
            List<String> ids = appendMany(outbox, 200);
            awaitTrue(() -> first.received.size() == 200 && second.received.size() == 200);
            assertEquals(ids, first.received);
            assertEquals(ids, second.received);
            awaitTrue(() -> entryFiles().isEmpty()); // delivered everywhere: nothing kept
        }
    }

    @Test
    void aSinkThatIsDownGetsEverythingInOrderOnceItIsBackAndTheOtherIsNotHeldUp() throws Exception {
        try (Outbox outbox = Outbox.open(settings(1000, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink flaky = new RecordingSink("flaky");
            RecordingSink steady = new RecordingSink("steady");
            flaky.down.set(true);
            outbox.addSink(flaky, "test");
            outbox.addSink(steady, "test");
            List<String> ids = appendMany(outbox, 50);
            awaitTrue(() -> steady.received.size() == 50);
            SinkStatus status = statusOf(outbox, "flaky");
            assertEquals(SinkState.BACKING_OFF, status.state());
            assertEquals(50, status.backlog());
            assertTrue(status.lastError().contains("is down"), status.lastError());
            flaky.down.set(false);
            awaitTrue(() -> flaky.received.size() == 50);
            assertEquals(ids, flaky.received);
            // the cursor moves just after the delivery: wait for it
            awaitTrue(() -> statusOf(outbox, "flaky").backlog() == 0);
            assertTrue(statusOf(outbox, "flaky").lastError().isEmpty());
        }
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink sink = new RecordingSink("down");
            sink.down.set(true);
            outbox.addSink(sink, "test");
            outbox.append(SampleResults.withId("only"));
            awaitTrue(() -> sink.attemptTimes.size() >= 6);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < 6; i++) {
                gaps.add((sink.attemptTimes.get(i) - sink.attemptTimes.get(i - 1)) / 1_000_000);
            }
            // 10, 20, 40, 80, 80 ms: growing, then capped (timers are never early, may be late under load)
            assertTrue(gaps.get(0) >= 10 && gaps.get(1) >= 20 && gaps.get(2) >= 40 && gaps.get(3) >= 80, "" + gaps);
            assertTrue(gaps.get(4) < 80 * 4, "the cap holds: " + gaps);
        }
        assertEquals(List.of(10L, 20L, 40L, 80L, 80L), List.of(1, 2, 3, 4, 5).stream()
                .map(n -> FAST.delayAfter(n).toMillis()).toList());
    }

    @Test
    void undeliveredResultsSurviveReopeningAndNothingIsRepeatedThatWasConfirmed() throws Exception {
        RecordingSink sink = new RecordingSink("db");
        List<String> ids;
        try (Outbox outbox = Outbox.open(settings(1000, Duration.ofDays(1)), Clock.systemUTC())) {
            outbox.addSink(sink, "test");
            ids = appendMany(outbox, 10);
            awaitTrue(() -> sink.received.size() == 10);
            sink.down.set(true);
            ids.addAll(appendMany(outbox, 10, 10));
        }
        assertEquals(10, entryFiles().size());
        RecordingSink again = new RecordingSink("db");
        try (Outbox reopened = Outbox.open(settings(1000, Duration.ofDays(1)), Clock.systemUTC())) {
            assertEquals(SinkState.ABSENT, statusOf(reopened, "db").state());
            assertEquals(10, statusOf(reopened, "db").backlog());
            ids.addAll(appendMany(reopened, 20, 5)); // appended while the sink is away: kept for it
            reopened.addSink(again, "test");
            awaitTrue(() -> again.received.size() == 15);
        }
        List<String> all = new ArrayList<>(sink.received);
        all.addAll(again.received);
        assertEquals(ids, all);
    }

    @Test
    void aDamagedEntryIsMovedAsideAndTheOthersAreDelivered() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink sink = new RecordingSink("s");
            sink.down.set(true);
            outbox.addSink(sink, "test");
            appendMany(outbox, 3);
        }
        List<Path> entries = entryFiles();
        Path tail = entries.get(2);
        byte[] bytes = Files.readAllBytes(tail);
        Files.write(tail, java.util.Arrays.copyOf(bytes, bytes.length - 7)); // a torn tail, as from a bad disk
        Files.writeString(folder.resolve("entries").resolve(".00000000000000000004.entry.tmp"), "half an append");
        RecordingSink sink = new RecordingSink("s");
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            outbox.addSink(sink, "test");
            outbox.append(SampleResults.withId("after"));
            awaitTrue(() -> sink.received.size() == 3);
            assertEquals(List.of("r0", "r1", "after"), sink.received);
        }
        assertTrue(Files.exists(folder.resolve("corrupt").resolve(tail.getFileName())));
        assertFalse(Files.exists(folder.resolve("entries").resolve(".00000000000000000004.entry.tmp")));
    }

    @Test
    void beyondMaxEntriesTheOldestAreDroppedAndCountedAndTheAlarmComesAt80Percent() throws Exception {
        try (Outbox outbox = Outbox.open(settings(10, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink sink = new RecordingSink("s");
            sink.down.set(true);
            outbox.addSink(sink, "test");
            appendMany(outbox, 7);
            assertFalse(statusOf(outbox, "s").alarm());
            appendMany(outbox, 7, 1);
            assertTrue(statusOf(outbox, "s").alarm());
            appendMany(outbox, 8, 5);
            SinkStatus status = statusOf(outbox, "s");
            assertEquals(10, status.backlog());
            assertEquals(3, status.dropped());
            sink.down.set(false);
            awaitTrue(() -> sink.received.size() == 10);
            assertEquals("r3", sink.received.get(0));
            assertEquals("r12", sink.received.get(9));
            awaitTrue(() -> !statusOf(outbox, "s").alarm() || forceHousekeep(outbox));
        }
    }

    @Test
    void theAlarmShowsOnTheSinksHoldingTheOutboxBackNotOnHealthyOnes() throws Exception {
        try (Outbox outbox = Outbox.open(settings(10, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink down = new RecordingSink("down");
            RecordingSink healthy = new RecordingSink("healthy");
            down.down.set(true);
            outbox.addSink(down, "test");
            outbox.addSink(healthy, "test");
            appendMany(outbox, 9);
            awaitTrue(() -> healthy.received.size() == 9 && statusOf(outbox, "healthy").backlog() == 0);
            assertTrue(statusOf(outbox, "down").alarm());
            assertFalse(statusOf(outbox, "healthy").alarm());
        }
    }

    @Test
    void countersBelongToTheSinkIdAndSurviveANewRegistration() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink first = new RecordingSink("archive");
            outbox.addSink(first, "file");
            appendMany(outbox, 3);
            awaitTrue(() -> statusOf(outbox, "archive").delivered() == 3);
            outbox.removeSink(first); // its configuration changed: SCR replaces the service
            RecordingSink second = new RecordingSink("archive");
            outbox.addSink(second, "file");
            appendMany(outbox, 3, 2);
            awaitTrue(() -> second.received.size() == 2);
            awaitTrue(() -> statusOf(outbox, "archive").delivered() == 5);
        }
    }

    @Test
    void aSinkThatCouldNotStartIsListedAsFailedWithItsReason() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            SinkFailure failure = new SinkFailure("archive", "file", "file sink 'archive': directory /proc/x"
                    + " cannot be written");
            outbox.addFailure(failure);
            SinkStatus status = statusOf(outbox, "archive");
            assertEquals(SinkState.FAILED, status.state());
            assertEquals("file", status.kind());
            assertEquals(failure.reason(), status.lastError());
            outbox.removeFailure(failure);
            assertTrue(outbox.statuses().isEmpty(), "never delivered to: nothing left to show");
        }
    }

    @Test
    void resultsOlderThanMaxAgeAreDropped() throws Exception {
        AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofHours(10)), clock)) {
            RecordingSink sink = new RecordingSink("s");
            sink.down.set(true);
            outbox.addSink(sink, "test");
            appendMany(outbox, 2);
            now.addAndGet(Duration.ofHours(5).toMillis());
            appendMany(outbox, 2, 1);
            outbox.housekeep();
            assertFalse(statusOf(outbox, "s").alarm());
            now.addAndGet(Duration.ofHours(3).toMillis()); // oldest 8 h old: 80 % of 10 h
            outbox.housekeep();
            assertTrue(statusOf(outbox, "s").alarm());
            now.addAndGet(Duration.ofHours(3).toMillis()); // r0, r1 are 11 h old, r2 6 h
            outbox.housekeep();
            SinkStatus status = statusOf(outbox, "s");
            assertEquals(1, status.backlog());
            assertEquals(2, status.dropped());
            assertEquals(Duration.ofHours(6), status.oldestAge());
        }
    }

    @Test
    void aNewSinkGetsOnlyResultsAppendedAfterItsFirstRegistration() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink old = new RecordingSink("old");
            old.down.set(true);
            outbox.addSink(old, "test");
            appendMany(outbox, 3);
            RecordingSink late = new RecordingSink("late");
            outbox.addSink(late, "test");
            outbox.append(SampleResults.withId("new"));
            awaitTrue(() -> late.received.size() == 1);
            assertEquals(List.of("new"), late.received);
            assertTrue(outbox.forget("late") == false, "a registered sink cannot be forgotten");
        }
    }

    @Test
    void forgettingAnAbsentSinkReleasesItsBacklog() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink gone = new RecordingSink("gone");
            gone.down.set(true);
            outbox.addSink(gone, "test");
            appendMany(outbox, 3);
            outbox.removeSink(gone);
            assertEquals(3, entryFiles().size());
            assertTrue(outbox.forget("gone"));
            assertEquals(0, entryFiles().size());
            assertTrue(outbox.statuses().isEmpty());
        }
    }

    @Test
    void aResultTheSinkCanNeverTakeIsRejectedAndDoesNotBlockTheOnesAfterIt() throws Exception {
        try (Outbox outbox = Outbox.open(settings(100, Duration.ofDays(1)), Clock.systemUTC())) {
            RecordingSink picky = new RecordingSink("picky") {
                @Override
                public void deliver(org.clipfusion.api.DetectionResult result) throws Exception {
                    if (result.requestId().equals("r1")) {
                        throw new org.clipfusion.sinks.UndeliverableResultException("value too long", null);
                    }
                    super.deliver(result);
                }
            };
            outbox.addSink(picky, "test");
            appendMany(outbox, 3);
            awaitTrue(() -> statusOf(outbox, "picky").backlog() == 0);
            assertEquals(List.of("r0", "r2"), picky.received);
            assertEquals(1, statusOf(outbox, "picky").rejected());
        }
    }

    private static boolean forceHousekeep(Outbox outbox) {
        outbox.housekeep();
        return false;
    }

    private List<Path> entryFiles() {
        try (Stream<Path> files = Files.list(folder.resolve("entries"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".entry")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> appendMany(Outbox outbox, int count) throws IOException {
        return appendMany(outbox, 0, count);
    }

    private static List<String> appendMany(Outbox outbox, int from, int count) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            outbox.append(SampleResults.withId("r" + i));
            ids.add("r" + i);
        }
        return ids;
    }

    private static SinkStatus statusOf(Outbox outbox, String id) {
        return outbox.statuses().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + id + ": " + outbox.statuses()));
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
