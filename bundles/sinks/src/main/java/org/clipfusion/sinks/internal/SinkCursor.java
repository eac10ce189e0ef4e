package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clipfusion.sinks.SinkIds;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * How far one sink has got: the sequence number of the last entry it confirmed, kept in
 * {@code sinks/<id>/delivered} and rewritten durably after every delivery, so that after a crash a sink repeats at
 * most the one delivery that was in flight (sinks are idempotent by request id).
 */
final class SinkCursor {
    private final String sinkId;
    private final Path file;
    private volatile long delivered;

    private SinkCursor(String sinkId, Path file, long delivered) {
        this.sinkId = sinkId;
        this.file = file;
        this.delivered = delivered;
    }

    /** Reads the sink's cursor, creating it at {@code startAt} (a new sink gets only results from now on). */
    static SinkCursor open(Path sinksFolder, String sinkId, long startAt) throws IOException {
        Path folder = sinksFolder.resolve(SinkIds.require(sinkId));
        Path file = folder.resolve("delivered");
        if (Files.exists(file)) {
            return new SinkCursor(sinkId, file, parse(file));
        }
        Files.createDirectories(folder);
        SinkCursor cursor = new SinkCursor(sinkId, file, startAt);
        cursor.advanceTo(startAt);
        return cursor;
    }

    static long parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("the sink cursor " + file + " holds '" + text + "', not a sequence number");
        }
    }

    String sinkId() {
        return sinkId;
    }

    long delivered() {
        return delivered;
    }

    void advanceTo(long sequence) throws IOException {
        byte[] text = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(file, out -> out.write(text));
        AtomicFiles.syncDirectory(file.getParent());
        delivered = sequence;
    }
}
