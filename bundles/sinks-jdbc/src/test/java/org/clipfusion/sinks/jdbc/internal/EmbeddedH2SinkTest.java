package org.clipfusion.sinks.jdbc.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: an H2 file database under the data folder. */
class EmbeddedH2SinkTest extends JdbcSinkContract {
    @TempDir
    Path data;

    @Override
    JdbcConnector connector() {
        return new JdbcConnector(JdbcConnector.embeddedUrl(data, "db"), "", "", 5);
    }
}
