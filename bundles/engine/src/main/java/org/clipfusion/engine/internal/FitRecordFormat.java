package org.clipfusion.engine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;

/**
 * {@link FitRecord} as a Java properties file: readable by people (it is what an auditor opens), and escaping of
 * arbitrary ids comes for free.
 */
final class FitRecordFormat {
    private static final String FORMAT = "1";

    private FitRecordFormat() {
    }

    static void write(FitRecord record, OutputStream out) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("format", FORMAT);
        properties.setProperty("fittedAt", record.fittedAt().toString());
        properties.setProperty("references", Integer.toString(record.referenceImageIds().size()));
        for (int i = 0; i < record.referenceImageIds().size(); i++) {
            properties.setProperty("reference." + i, record.referenceImageIds().get(i));
        }
        record.bankChecksums().forEach((scorerId, sha256) -> properties.setProperty("bank." + scorerId, sha256));
        properties.setProperty("threshold.source", record.threshold().source().name());
        properties.setProperty("threshold.value", Double.toString(record.threshold().value()));
        properties.setProperty("threshold.detail", record.threshold().detail());
        properties.setProperty("calibration", record.calibration());
        properties.setProperty("pixelThreshold.source", record.pixelThreshold().source().name());
        properties.setProperty("pixelThreshold.value", Double.toString(record.pixelThreshold().value()));
        properties.setProperty("pixelThreshold.detail", record.pixelThreshold().detail());
        properties.store(out, "ClipFusion fit: references, bank checksums and the derived threshold");
    }

    static FitRecord read(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        if (!FORMAT.equals(properties.getProperty("format"))) {
            throw new IOException("unknown fit record format '" + properties.getProperty("format") + "'");
        }
        try {
            int count = Integer.parseInt(required(properties, "references"));
            List<String> references = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                references.add(required(properties, "reference." + i));
            }
            TreeMap<String, String> banks = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("bank.")) {
                    banks.put(key.substring("bank.".length()), properties.getProperty(key));
                }
            }
            Threshold threshold = new Threshold(Double.parseDouble(required(properties, "threshold.value")),
                    ThresholdSource.valueOf(required(properties, "threshold.source")),
                    properties.getProperty("threshold.detail", ""));
            // Records written before pixel thresholds existed have none.
            Threshold pixelThreshold = properties.getProperty("pixelThreshold.source") == null ? Threshold.unset()
                    : new Threshold(Double.parseDouble(required(properties, "pixelThreshold.value")),
                            ThresholdSource.valueOf(properties.getProperty("pixelThreshold.source")),
                            properties.getProperty("pixelThreshold.detail", ""));
            return new FitRecord(references, Instant.parse(required(properties, "fittedAt")), banks, threshold,
                    properties.getProperty("calibration", ""), pixelThreshold);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("malformed fit record: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) throws IOException {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IOException("fit record lacks '" + key + "'");
        }
        return value;
    }
}
