package org.clipfusion.monitoring.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.clipfusion.tensor.files.AtomicFiles;

/** The counters' totals on disk ({@code data/clipfusion/monitoring/totals.properties}), written atomically. */
final class TotalsFile {
    private final Path file;

    TotalsFile(Path file) {
        this.file = file;
    }

    Map<String, Double> read() throws IOException {
        Map<String, Double> totals = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return totals;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            try {
                totals.put(key, Double.parseDouble(properties.getProperty(key)));
            } catch (NumberFormatException e) {
                // a damaged line loses one total, not all of them
            }
        }
        return totals;
    }

    void write(Map<String, Double> totals) throws IOException {
        Properties properties = new Properties();
        totals.forEach((key, value) -> properties.setProperty(key, Double.toString(value)));
        StringWriter text = new StringWriter();
        properties.store(text, "ClipFusion metric totals; restored into the counters at start");
        Files.createDirectories(file.getParent());
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
