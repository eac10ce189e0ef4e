package org.clipfusion.tensor.files;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers (and a restart after a crash) see either the old content or the new, never half:
 * write a temporary file in the target's directory, flush it to disk, then rename it over the target. The two steps
 * are separate so that several files can all be written before any of them replaces its predecessor. Files get the
 * permissions any file this process creates gets (its umask), so line software running as another user can read
 * results; {@link Files#createTempFile} would make every one owner-only.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes the content (closing the stream it is given is harmless). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** What writes the content through a library that only writes to a path (it gets the temporary file). */
    public interface PathContent {
        void writeTo(Path file) throws IOException;
    }

    /** Writes and commits one file. */
    public static void write(Path target, Content content) throws IOException {
        commit(writeTemporary(target, content), target);
    }

    /** Writes the content to a synced temporary file next to {@code target}; deleted again if writing fails. */
    public static Path writeTemporary(Path target, Content content) throws IOException {
        Path temporary = newTemporary(target);
        boolean written = false;
        try (FileOutputStream file = new FileOutputStream(temporary.toFile())) {
            BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
            content.writeTo(nonClosing(buffered));
            buffered.flush();
            file.getFD().sync();
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(temporary);
            }
        }
        return temporary;
    }

    /** Writes and commits one file through a library that writes to paths; the temporary file is synced first. */
    public static void writeVia(Path target, PathContent content) throws IOException {
        Path temporary = newTemporary(target);
        try {
            content.writeTo(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            commit(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Makes the renames (commits) and deletions in a directory durable against a power cut, as a store that
     * acknowledges writes must; a no-op on file systems that cannot open directories.
     */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Such file systems make the rename as durable as they can; nothing more to do here.
        }
    }

    /** A new, empty, hidden file next to {@code target}, with the default permissions. */
    private static Path newTemporary(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        for (int attempt = 1; ; attempt++) {
            Path candidate = directory.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Keeps the content from closing the file before it is synced. */
    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Renames a temporary file over its target, atomically where the file system can. */
    public static void commit(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
