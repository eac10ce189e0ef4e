package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The engine's data directory, where its fits live: {@code dataDirectory} of {@code etc/org.clipfusion.engine.cfg},
 * else {@code ${karaf.data}/clipfusion}, as the engine itself resolves it.
 */
final class EngineDataDirectory {
    private EngineDataDirectory() {
    }

    static Path of(ConfigurationAdmin admin) {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=org.clipfusion.engine)");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Object configured = found[0].getProperties().get("dataDirectory");
                if (configured != null && !configured.toString().isBlank()) {
                    return Path.of(configured.toString().trim());
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            // the default, as the engine falls back to it too
        }
        String data = System.getProperty("karaf.data");
        return data != null ? Path.of(data, "clipfusion") : Path.of(System.getProperty("java.io.tmpdir"),
                "clipfusion");
    }
}
