package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash or power cut whole or not at all: the bytes go to a temporary file in the same folder,
 * are synced, then renamed over the target, and the folder itself is synced so that the rename is on disk too. A crash
 * leaves at most a {@value #TEMPORARY_SUFFIX} file behind, never a torn target.
 */
final class DurableFiles {
    static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /** Writes content through a library that writes to a path of its own choosing. */
    interface ContentWriter {
        void writeTo(Path file) throws IOException;
    }

    static void write(Path target, byte[] content) throws IOException {
        write(target, temporary -> {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        });
    }

    static void write(Path target, ContentWriter writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = folder.resolve("." + target.getFileName() + TEMPORARY_SUFFIX);
        try {
            writer.writeTo(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            move(temporary, target);
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes renames and deletions in the folder durable; a no-op where the platform cannot open folders. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems refuse to open a folder for syncing; the rename is then as durable as they make it.
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
