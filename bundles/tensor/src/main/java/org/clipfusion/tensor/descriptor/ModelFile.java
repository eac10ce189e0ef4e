package org.clipfusion.tensor.descriptor;

import java.util.List;
import java.util.Objects;

/**
 * One file of a model directory: either downloaded (from the first of {@code sources} that works) or, for small
 * configs the descriptor states itself, written from {@code content}.
 *
 * @param path relative to the model directory, {@code /}-separated
 * @param sources download sources in order of preference; empty when {@code content} is set
 * @param content the file's text when the descriptor provides it, else {@code null}
 * @param optional whether a model works without it (e.g. {@code preprocess_cfg.json})
 */
public record ModelFile(String path, List<FileSource> sources, String content, boolean optional) {
    public ModelFile {
        Objects.requireNonNull(path, "path");
        sources = List.copyOf(sources);
        if (sources.isEmpty() == (content == null)) {
            throw new IllegalArgumentException(path + ": give either sources or content");
        }
    }
}
