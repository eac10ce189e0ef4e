package org.clipfusion.tensor.files;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers (and a restart after a crash) see either the old content or the new, never half:
 * write a temporary file in the target's directory, flush it to disk, then rename it over the target. The two steps
 * are separate so that several files can all be written before any of them replaces its predecessor.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes the content (closing the stream it is given is harmless). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes and commits one file. */
    public static void write(Path target, Content content) throws IOException {
        commit(writeTemporary(target, content), target);
    }

    /** Writes the content to a synced temporary file next to {@code target}; deleted again if writing fails. */
    public static Path writeTemporary(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
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
