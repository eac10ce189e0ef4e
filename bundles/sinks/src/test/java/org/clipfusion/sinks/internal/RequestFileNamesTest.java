package org.clipfusion.sinks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RequestFileNamesTest {

    @Test
    void plainIdsAreKeptAsTheyAre() {
        assertEquals("part-17_cam2.v1", RequestFileNames.stemOf("part-17_cam2.v1"));
    }

    @Test
    void hostileIdsBecomePlainNamesInsideTheFolder() {
        String longId = "x".repeat(10_000);
        for (String id : new String[] {"../../etc/passwd", "a/b", "..", ".", "", "nul\u0000byte", "/abs/path",
                "C:\\windows", ".hidden", longId, "ü…\uD83D\uDE00"}) {
            String stem = RequestFileNames.stemOf(id);
            assertTrue(stem.matches("[A-Za-z0-9_][A-Za-z0-9_.~-]*"), id + " -> " + stem);
            assertTrue(stem.length() <= RequestFileNames.MAX_STEM + 13, "length of " + stem.length());
            Path folder = Path.of("/srv/results");
            assertEquals(folder, RequestFileNames.inside(folder, stem + ".json").getParent());
        }
    }

    @Test
    void idsThatDifferOnlyInReplacedCharactersGetDifferentNames() {
        assertNotEquals(RequestFileNames.stemOf("a/b"), RequestFileNames.stemOf("a_b"));
        assertNotEquals(RequestFileNames.stemOf("a/b"), RequestFileNames.stemOf("a\\b"));
        assertNotEquals(RequestFileNames.stemOf("x".repeat(200)), RequestFileNames.stemOf("x".repeat(201)));
    }

    @Test
    void theSecondLineOfDefenceRefusesNamesThatLeaveTheFolder() {
        assertThrows(IllegalArgumentException.class, () -> RequestFileNames.inside(Path.of("/srv/r"), "../x"));
        assertThrows(IllegalArgumentException.class, () -> RequestFileNames.inside(Path.of("/srv/r"), "a/b"));
    }
}
