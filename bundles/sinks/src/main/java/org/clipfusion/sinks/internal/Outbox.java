package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkFailure;
import org.clipfusion.sinks.SinkIds;
import org.clipfusion.sinks.SinkState;
import org.clipfusion.sinks.SinkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward between detection and the sinks. {@link #append} stores a result durably once for every known
 * sink; each registered sink's {@link SinkDelivery} takes it from there. A sink is known from the moment it is first
 * registered (its cursor folder exists) until it is {@link #forget forgotten}: while its service is away (updated,
 * misconfigured, Karaf restarting) its results wait for it.
 *
 * <p>Bounds: at most {@code maxEntries} results and none older than {@code maxAge}. From 80 % of either bound the
 * outbox is in alarm (one WARN, and {@code clipfusion:sinks} shows it); beyond a bound the <em>oldest</em> results
 * are dropped, each logged at ERROR with the sinks that did not get it, because a line that must keep running
 * cannot stop producing results, and the newest are the ones a plant still acts on.
 */
final class Outbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);

    private final OutboxSettings settings;
    private final Clock clock;
    private final Path sinksFolder;
    private final OutboxStore store;
    /** Every known sink's cursor, registered or not, by id. */
    private final Map<String, SinkCursor> cursors = new ConcurrentHashMap<>();
    private final Map<String, SinkDelivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, SinkCounters> counters = new ConcurrentHashMap<>();
    /** Configured sinks that could not start, by id. */
    private final Map<String, SinkFailure> failures = new ConcurrentHashMap<>();
    private final Object boundsLock = new Object();
    private boolean alarm;

    private Outbox(OutboxSettings settings, Clock clock, OutboxStore store, Map<String, SinkCursor> cursors) {
        this.settings = settings;
        this.clock = clock;
        this.sinksFolder = settings.folder().resolve("sinks");
        this.store = store;
        this.cursors.putAll(cursors);
    }

    static Outbox open(OutboxSettings settings, Clock clock) throws IOException {
        Path sinksFolder = settings.folder().resolve("sinks");
        Files.createDirectories(sinksFolder);
        Map<String, SinkCursor> cursors = new TreeMap<>();
        long highestDelivered = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(sinksFolder, Files::isDirectory)) {
            for (Path folder : folders) {
                String id = folder.getFileName().toString();
                if (SinkIds.isValid(id) && Files.exists(folder.resolve("delivered"))) {
                    SinkCursor cursor = SinkCursor.open(sinksFolder, id, 0);
                    cursors.put(id, cursor);
                    highestDelivered = Math.max(highestDelivered, cursor.delivered());
                }
            }
        }
        Outbox outbox = new Outbox(settings, clock, OutboxStore.open(settings.folder(), highestDelivered), cursors);
        outbox.collectDelivered();
        outbox.housekeep();
        LOG.info("outbox at {}: {} undelivered results, sinks known: {}", settings.folder(), outbox.store.size(),
                cursors.keySet());
        return outbox;
    }

    /**
     * Stores the result for every known sink, durably, before returning; does nothing when no sink was ever
     * configured (there is no one to keep it for).
     */
    void append(DetectionResult result) throws IOException {
        if (cursors.isEmpty()) {
            return;
        }
        byte[] payload = ResultCodec.encode(result);
        synchronized (boundsLock) {
            makeRoomForOne();
            store.append(new OutboxEntry(clock.millis(), result.requestId(), payload));
            updateAlarm();
        }
        deliveries.values().forEach(SinkDelivery::wake);
    }

    /** Starts delivering to a sink; a sink seen for the first time gets the results appended from now on. */
    void addSink(ResultSink sink, String kind) throws IOException {
        String id = SinkIds.require(sink.id());
        SinkDelivery previous = deliveries.get(id);
        if (previous != null) {
            throw new IllegalStateException("a sink with id '" + id + "' (" + previous.kind()
                    + ") is already registered; sink ids must be unique");
        }
        SinkCursor cursor = cursors.get(id);
        if (cursor == null) {
            cursor = SinkCursor.open(sinksFolder, id, store.lastSequence());
            cursors.put(id, cursor);
        }
        SinkDelivery delivery = new SinkDelivery(sink, kind, cursor, countersOf(id), store, settings.backoff(),
                this::collectDelivered);
        deliveries.put(id, delivery);
        delivery.start();
        LOG.info("sink '{}' ({}) registered; {} results to deliver", id, kind, store.countAfter(cursor.delivered()));
    }

    /** Lists a configured sink that could not start as FAILED; its results, if it has a backlog, wait for it. */
    void addFailure(SinkFailure failure) {
        failures.put(failure.id(), failure);
    }

    void removeFailure(SinkFailure failure) {
        failures.remove(failure.id(), failure);
    }

    /** Stops delivering to a sink (its service went away); its results stay until it returns or is forgotten. */
    void removeSink(ResultSink sink) {
        SinkDelivery delivery = deliveries.get(sink.id());
        if (delivery != null && delivery.sink() == sink) {
            deliveries.remove(sink.id());
            delivery.stop(STOP_PATIENCE);
        }
    }

    /**
     * Forgets a sink that is not registered: its cursor is deleted and its backlog no longer holds entries back.
     *
     * @return false when the sink is unknown or still registered
     */
    boolean forget(String sinkId) throws IOException {
        if (deliveries.containsKey(sinkId) || cursors.remove(sinkId) == null) {
            return false;
        }
        Path folder = sinksFolder.resolve(SinkIds.require(sinkId));
        Files.deleteIfExists(folder.resolve("delivered"));
        Files.deleteIfExists(folder);
        LOG.warn("sink '{}' forgotten: its undelivered results are released", sinkId);
        collectDelivered();
        return true;
    }

    /** Applies the age bound and the alarm; run periodically, since the age bound must hold without appends too. */
    void housekeep() {
        synchronized (boundsLock) {
            dropExpired();
            updateAlarm();
        }
    }

    List<SinkStatus> statuses() {
        long now = clock.millis();
        boolean inAlarm;
        synchronized (boundsLock) {
            inAlarm = alarm;
        }
        List<SinkStatus> statuses = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(cursors.keySet());
        ids.addAll(failures.keySet());
        for (String id : ids) {
            SinkCursor cursor = cursors.get(id);
            SinkDelivery delivery = deliveries.get(id);
            SinkFailure failure = delivery == null ? failures.get(id) : null;
            if (cursor == null && failure == null) {
                continue;
            }
            OutboxStore.EntryInfo oldest = cursor == null ? null : store.after(cursor.delivered());
            long backlog = cursor == null ? 0 : store.countAfter(cursor.delivered());
            Duration age = oldest == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, now
                    - oldest.appendedAtMillis()));
            SinkState state = delivery != null ? delivery.state() : failure != null ? SinkState.FAILED
                    : SinkState.ABSENT;
            String kind = delivery != null ? delivery.kind() : failure != null ? failure.kind() : null;
            String lastError = delivery != null ? delivery.lastError() : failure != null ? failure.reason() : "";
            SinkCounters count = counters.getOrDefault(id, new SinkCounters());
            statuses.add(new SinkStatus(id, kind, state, inAlarm && backlog > 0, backlog, age,
                    count.delivered.get(), count.dropped.get(), count.rejected.get(), lastError));
        }
        statuses.sort(Comparator.comparing(SinkStatus::id));
        return statuses;
    }

    @Override
    public void close() {
        for (SinkDelivery delivery : List.copyOf(deliveries.values())) {
            removeSink(delivery.sink());
        }
    }

    private SinkCounters countersOf(String sinkId) {
        return counters.computeIfAbsent(sinkId, id -> new SinkCounters());
    }

    /** Deletes the entries every known sink has delivered. */
    private void collectDelivered() {
        long lowest = cursors.values().stream().mapToLong(SinkCursor::delivered).min().orElse(store.lastSequence());
        try {
            store.deleteThrough(lowest);
        } catch (IOException e) {
            LOG.warn("outbox: delivered entries could not be deleted yet (retried after the next delivery): {}",
                    e.toString());
        }
    }

    private void makeRoomForOne() throws IOException {
        while (store.size() >= settings.maxEntries()) {
            drop(store.oldest(), "the outbox holds its maximum of " + settings.maxEntries() + " results");
        }
    }

    private void dropExpired() {
        long limit = clock.millis() - settings.maxAge().toMillis();
        OutboxStore.EntryInfo oldest;
        while ((oldest = store.oldest()) != null && oldest.appendedAtMillis() < limit) {
            try {
                drop(oldest, "it is older than maxAgeHours (" + settings.maxAge().toMinutes() / 60.0 + " h)");
            } catch (IOException e) {
                LOG.error("outbox: an expired entry could not be deleted: {}", e.toString());
                return;
            }
        }
    }

    private void drop(OutboxStore.EntryInfo entry, String reason) throws IOException {
        List<String> missing = new ArrayList<>();
        for (SinkCursor cursor : cursors.values()) {
            if (cursor.delivered() < entry.sequence()) {
                missing.add(cursor.sinkId());
                countersOf(cursor.sinkId()).dropped.incrementAndGet();
            }
        }
        store.delete(entry.sequence());
        LOG.error("OUTBOX BOUND EXCEEDED: result of request '{}' (outbox entry {}) DROPPED because {}; never "
                + "delivered to sinks {}", entry.requestId(), entry.sequence(), reason, missing);
    }

    private void updateAlarm() {
        OutboxStore.EntryInfo oldest = store.oldest();
        double byCount = store.size() / (double) settings.maxEntries();
        double byAge = oldest == null ? 0 : (clock.millis() - oldest.appendedAtMillis())
                / (double) settings.maxAge().toMillis();
        boolean now = Math.max(byCount, byAge) >= OutboxSettings.ALARM_RATIO;
        if (now && !alarm) {
            LOG.warn("OUTBOX ALARM: {} undelivered results ({} % of maxEntries {}), oldest {} % of maxAgeHours; "
                    + "beyond the bound the oldest results are dropped. Check the sinks with clipfusion:sinks",
                    store.size(), Math.round(byCount * 100), settings.maxEntries(), Math.round(byAge * 100));
        } else if (!now && alarm) {
            LOG.info("outbox alarm cleared: {} undelivered results", store.size());
        }
        alarm = now;
    }
}
