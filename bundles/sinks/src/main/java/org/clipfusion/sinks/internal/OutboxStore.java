package org.clipfusion.sinks.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * The outbox's entries on disk: one file per result, named by a sequence number that only grows, so that the folder
 * listing is the delivery order and a crash can at worst leave a temporary file. Entries are shared by all sinks
 * (a map is hundreds of KiB; one copy per sink would multiply that); each sink keeps its own {@link SinkCursor}.
 * Damaged entries are moved to {@code corrupt/} for inspection, never delivered and never silently deleted.
 */
final class OutboxStore {
    private static final String SUFFIX = ".entry";
    /** What {@link AtomicFiles} names its temporary files. */
    private static final String TEMPORARY_SUFFIX = ".tmp";

    /** What the outbox knows about an entry without reading its result. */
    record EntryInfo(long sequence, long appendedAtMillis, String requestId) {
    }

    private final Path entriesFolder;
    private final Path corruptFolder;
    private final NavigableMap<Long, EntryInfo> index = new TreeMap<>();
    private long lastSequence;

    private OutboxStore(Path folder) {
        this.entriesFolder = folder.resolve("entries");
        this.corruptFolder = folder.resolve("corrupt");
    }

    /**
     * Opens (creating) the store under {@code folder}, removing temporary files a crash left behind; an entry whose
     * header cannot be read is moved to {@code corrupt/}.
     *
     * @param sequenceFloor the highest sequence number any sink has already delivered, so that numbers are never
     *                      reused even when every entry was delivered and deleted
     */
    static OutboxStore open(Path folder, long sequenceFloor) throws IOException {
        OutboxStore store = new OutboxStore(folder);
        store.load(sequenceFloor);
        return store;
    }

    private void load(long sequenceFloor) throws IOException {
        Files.createDirectories(entriesFolder);
        lastSequence = sequenceFloor;
        List<Path> damaged = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(entriesFolder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMPORARY_SUFFIX)) {
                    Files.deleteIfExists(file); // an append that never completed: its caller was told it failed
                    continue;
                }
                Long sequence = sequenceOf(name);
                if (sequence == null) {
                    continue;
                }
                lastSequence = Math.max(lastSequence, sequence);
                try {
                    index.put(sequence, readHeader(sequence, file));
                } catch (IOException e) {
                    damaged.add(file);
                }
            }
        }
        for (Path file : damaged) {
            quarantine(file);
        }
    }

    /** Stores an entry durably and returns its sequence number. */
    synchronized long append(OutboxEntry entry) throws IOException {
        long sequence = lastSequence + 1;
        byte[] bytes = entry.toBytes();
        AtomicFiles.write(fileOf(sequence), out -> out.write(bytes));
        AtomicFiles.syncDirectory(entriesFolder); // the rename too must survive a power cut before we acknowledge
        lastSequence = sequence;
        index.put(sequence, new EntryInfo(sequence, entry.appendedAtMillis(), entry.requestId()));
        return sequence;
    }

    /** The first entry after {@code sequence}, or null when there is none. */
    synchronized EntryInfo after(long sequence) {
        Map.Entry<Long, EntryInfo> next = index.higherEntry(sequence);
        return next == null ? null : next.getValue();
    }

    synchronized EntryInfo oldest() {
        Map.Entry<Long, EntryInfo> first = index.firstEntry();
        return first == null ? null : first.getValue();
    }

    /** Entries stored after {@code sequence}. */
    synchronized int countAfter(long sequence) {
        return index.tailMap(sequence, false).size();
    }

    synchronized int size() {
        return index.size();
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    /**
     * Reads and checks an entry.
     *
     * @throws NoSuchFileException   when it was dropped meanwhile (bounds)
     * @throws CorruptEntryException when it is damaged; it has then been moved to {@code corrupt/}
     */
    OutboxEntry read(long sequence) throws IOException {
        Path file = fileOf(sequence);
        byte[] bytes = Files.readAllBytes(file);
        try {
            return OutboxEntry.parse(bytes, file.toString());
        } catch (CorruptEntryException e) {
            synchronized (this) {
                index.remove(sequence);
                quarantine(file);
            }
            throw e;
        }
    }

    /** Deletes every entry up to and including {@code sequence}. */
    synchronized void deleteThrough(long sequence) throws IOException {
        while (!index.isEmpty() && index.firstKey() <= sequence) {
            delete(index.firstKey());
        }
    }

    synchronized void delete(long sequence) throws IOException {
        index.remove(sequence);
        Files.deleteIfExists(fileOf(sequence));
    }

    private void quarantine(Path file) throws IOException {
        Files.createDirectories(corruptFolder);
        Files.move(file, corruptFolder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path fileOf(long sequence) {
        return entriesFolder.resolve(String.format("%020d%s", sequence, SUFFIX));
    }

    private static Long sequenceOf(String name) {
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads only the header, so that opening a large backlog does not read every map. */
    private static EntryInfo readHeader(long sequence, Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file); DataInputStream in = new DataInputStream(stream)) {
            in.readInt(); // magic, checked when the entry is read in full
            long appendedAt = in.readLong();
            int idLength = in.readInt();
            if (idLength < 0 || idLength > 1 << 20) {
                throw new CorruptEntryException(file + " has a damaged header");
            }
            byte[] id = in.readNBytes(idLength);
            if (id.length != idLength) {
                throw new CorruptEntryException(file + " is truncated");
            }
            return new EntryInfo(sequence, appendedAt, new String(id, StandardCharsets.UTF_8));
        }
    }
}
