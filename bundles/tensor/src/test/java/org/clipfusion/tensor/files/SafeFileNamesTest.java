package org.clipfusion.tensor.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeFileNamesTest {

    @Test
    void hostileIdsStayInsideTheirFolder() {
        Path folder = Path.of("/sink").toAbsolutePath();
        for (String id : List.of("../../etc/passwd", "..", ".", "a/b", "a\\b", "/abs", "x\u0000y", "", ".hidden",
                "C:\\windows")) {
            for (String name : List.of(SafeFileNames.stem(id) + ".png", SafeFileNames.folder(id))) {
                Path resolved = folder.resolve(name).normalize();
                assertEquals(folder, resolved.getParent(), id + " -> " + name);
                assertTrue(!name.startsWith("."), id + " -> " + name);
            }
        }
    }

    @Test
    void ordinaryIdsKeepTheirShape() {
        assertEquals("test_crack_003", SafeFileNames.stem("test/crack/003.png"));
        assertEquals("part-17_cam2", SafeFileNames.stem("part-17 cam2"));
        assertEquals("hazelnut", SafeFileNames.folder("hazelnut"));
    }
}
