package org.clipfusion.tensor.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void writesReplacesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/result.json");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.writeVia(dir.resolve("sub/via.txt"), file -> Files.writeString(file, "via"));

        assertEquals("second", Files.readString(target));
        assertEquals("via", Files.readString(dir.resolve("sub/via.txt")));
        assertEquals(List.of("result.json", "via.txt"), names(target.getParent()));
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("result.json");
        AtomicFiles.write(target, out -> out.write('1'));

        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write('2');
            throw new IOException("disk full");
        }));
        assertEquals("1", Files.readString(target));
        assertEquals(List.of("result.json"), names(dir));
    }

    /** Line software under another user reads the results: files get the umask's permissions, not owner-only. */
    @Test
    void filesGetTheSamePermissionsAsAnyNewFile(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("written");
        Path via = dir.resolve("via");
        AtomicFiles.write(written, out -> out.write('x'));
        AtomicFiles.writeVia(via, file -> Files.writeString(file, "x"));

        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(via));
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
