package org.clipfusion.sinks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeFileNamesTest {

    @Test
    void plainIdsAreKeptAsTheyAre() {
        assertEquals("part-17_cam2.v1", SafeFileNames.stemOf("part-17_cam2.v1"));
    }

    @Test
    void hostileIdsBecomePlainNamesInsideTheFolder() {
        String longId = "x".repeat(10_000);
        for (String id : new String[] {"../../etc/passwd", "a/b", "..", ".", "", "nul\u0000byte", "/abs/path",
                "C:\\windows", ".hidden", longId, "ü…\uD83D\uDE00"}) {
            String stem = SafeFileNames.stemOf(id);
            assertTrue(stem.matches("[A-Za-z0-9_][A-Za-z0-9_.~-]*"), id + " -> " + stem);
            assertTrue(stem.length() <= SafeFileNames.MAX_STEM + 13, "length of " + stem.length());
            Path folder = Path.of("/srv/results");
            assertEquals(folder, SafeFileNames.inside(folder, stem + ".json").getParent());
        }
    }

    @Test
    void idsThatDifferOnlyInReplacedCharactersGetDifferentNames() {
        assertNotEquals(SafeFileNames.stemOf("a/b"), SafeFileNames.stemOf("a_b"));
        assertNotEquals(SafeFileNames.stemOf("a/b"), SafeFileNames.stemOf("a\\b"));
        assertNotEquals(SafeFileNames.stemOf("x".repeat(200)), SafeFileNames.stemOf("x".repeat(201)));
    }

    @Test
    void theSecondLineOfDefenceRefusesNamesThatLeaveTheFolder() {
        assertThrows(IllegalArgumentException.class, () -> SafeFileNames.inside(Path.of("/srv/r"), "../x"));
        assertThrows(IllegalArgumentException.class, () -> SafeFileNames.inside(Path.of("/srv/r"), "a/b"));
    }
}
