package org.clipfusion.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkIdsTest {

    @Test
    void theIdComesFromTheConfigurationOrTheNameOfItsFile() {
        assertEquals("archive", SinkIds.of("archive", Map.of("service.pid", "org.clipfusion.sinks.file~other")));
        assertEquals("line3", SinkIds.of("", Map.of("service.pid", "org.clipfusion.sinks.mqtt~line3")));
        assertEquals("plant-db", SinkIds.of(null, Map.of("service.pid", "org.clipfusion.sinks.jdbc.1234-5678",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/org.clipfusion.sinks.jdbc-plant-db.cfg")));
    }

    @Test
    void unsafeOrMissingIdsAreRefusedNamingTheConfiguration() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SinkIds.of("", Map.of("service.pid", "org.clipfusion.sinks.file.generated")));
        assertTrue(missing.getMessage().contains("org.clipfusion.sinks.file.generated"), missing.getMessage());
        for (String bad : new String[] {"../x", "a/b", ".hidden", "", "x".repeat(65), "nul\u0000"}) {
            assertThrows(IllegalArgumentException.class, () -> SinkIds.require(bad), bad);
        }
    }
}
