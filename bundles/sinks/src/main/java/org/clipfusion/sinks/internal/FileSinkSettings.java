package org.clipfusion.sinks.internal;

import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.sinks.SinkIds;

/**
 * A file sink's settings, checked.
 *
 * @param maskThreshold map value above which a pixel is masked; NaN to use each result's threshold
 * @param mapScaleMax   full scale of the pictures; 0 for each result's own
 */
record FileSinkSettings(String id, Path folder, MapFormat mapFormat, boolean heatmap, boolean mask,
                        double maskThreshold, double mapScaleMax) {

    static FileSinkSettings from(FileSinkConfig config, Map<String, ?> properties) {
        String id = SinkIds.of(config.id(), properties);
        if (config.directory() == null || config.directory().isBlank()) {
            throw new IllegalArgumentException("file sink '" + id + "': set directory, the folder results go to");
        }
        double maskThreshold = Double.NaN;
        if (!config.maskThreshold().isBlank()) {
            try {
                maskThreshold = Double.parseDouble(config.maskThreshold().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("file sink '" + id + "': maskThreshold '" + config.maskThreshold()
                        + "' is not a number");
            }
        }
        return new FileSinkSettings(id, Path.of(config.directory()).toAbsolutePath().normalize(),
                MapFormat.parse(config.mapFormat()), config.heatmap(), config.mask(), maskThreshold,
                config.mapScaleMax());
    }
}
