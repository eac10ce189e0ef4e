package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.PromptSets;
import org.clipfusion.sinks.ResultJson;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.tensor.files.AtomicFiles;
import org.clipfusion.tensor.image.MapRendering;

/**
 * Writes each result into {@code <folder>/<UTC date>/}: {@code <id>.json} (the {@link ResultJson} record), and as
 * configured {@code <id>_map.png} or {@code <id>_map.npy}, {@code <id>_heatmap.png} and {@code <id>_mask.png}, where
 * {@code <id>} is the request id made safe by {@link RequestFileNames}. Every file is written atomically and synced; the
 * JSON record comes last, so a record on disk means its pictures are complete. Rewriting a result replaces its files
 * (deliveries may repeat).
 */
final class FileSink implements ResultSink {
    private final FileSinkSettings settings;

    FileSink(FileSinkSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public void deliver(DetectionResult result) throws IOException {
        Path folder = settings.folder().resolve(result.time().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("file sink '" + id() + "': cannot create the folder " + folder + ": " + e, e);
        }
        String stem = RequestFileNames.stemOf(result.requestId());
        AnomalyMap map = result.map();
        float high = fullScale(result);
        switch (settings.mapFormat()) {
            case PNG16 -> AtomicFiles.writeVia(RequestFileNames.inside(folder, stem + MapFormat.PNG16.suffix()),
                    file -> MapRendering.writeGray16(map.values(), map.width(), map.height(), 0f, high, file));
            case NPY -> AtomicFiles.writeVia(RequestFileNames.inside(folder, stem + MapFormat.NPY.suffix()),
                    file -> NpyArray.write(file, map.values(), map.height(), map.width()));
            case NONE -> {
            }
        }
        if (settings.heatmap()) {
            AtomicFiles.write(RequestFileNames.inside(folder, stem + "_heatmap.png"),
                    out -> MapImages.writeHeatmap(map, 0f, high, out));
        }
        // The pixel threshold, never the image threshold: a score and a map value are different quantities.
        double maskThreshold = Double.isNaN(settings.maskThreshold()) ? result.pixelThreshold().value()
                : settings.maskThreshold();
        if (settings.mask() && !Double.isNaN(maskThreshold)) {
            AtomicFiles.write(RequestFileNames.inside(folder, stem + "_mask.png"),
                    out -> MapImages.writeMask(map, maskThreshold, out));
        }
        writePromptSet(result.provenance().prompts());
        byte[] record = (ResultJson.of(result) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(RequestFileNames.inside(folder, stem + ".json"), out -> out.write(record));
    }

    /**
     * {@code <directory>/prompt-sets/<hex id>.json}, written once (before the first record that refers to it, so a
     * record's prompt set is always there).
     */
    private void writePromptSet(List<String> prompts) throws IOException {
        String id = PromptSets.id(prompts);
        Path file = settings.folder().resolve("prompt-sets").resolve(id.substring(id.indexOf(':') + 1) + ".json");
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        byte[] document = (PromptSets.json(prompts) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(document));
    }

    /** The configured full scale, else the map's maximum or the pixel threshold, whichever is higher. */
    private float fullScale(DetectionResult result) {
        if (settings.mapScaleMax() > 0) {
            return (float) settings.mapScaleMax();
        }
        double threshold = result.pixelThreshold().value();
        return Math.max(result.map().max(), Double.isNaN(threshold) ? 0f : (float) threshold);
    }
}
