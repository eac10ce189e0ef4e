package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.tensor.image.Normalization;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The eval transform of a model directory: {@code preprocess_cfg.json} (open_clip's pretrained config: size, mean,
 * std) when present, else the model's image size with OpenAI's mean and std, which the laion400m tags use too.
 */
final class PreprocessConfig {
    static final String FILE_NAME = "preprocess_cfg.json";

    private PreprocessConfig() {
    }

    static ClipPreprocessor read(Path modelDirectory, OpenClipConfig model) throws IOException {
        int size = model.vision().imageHeight();
        if (model.vision().imageWidth() != size) {
            throw new IOException(modelDirectory + ": non-square image size " + model.vision().imageWidth() + "x"
                    + size + " is not supported by PatchCLIP's preprocessing");
        }
        Path file = modelDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return new ClipPreprocessor(size, Normalization.OPENAI_CLIP);
        }
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        String interpolation = json.path("interpolation").asText("bicubic");
        if (!interpolation.equals("bicubic") || !json.path("resize_mode").asText("shortest").equals("shortest")) {
            throw new IOException(file + ": only bicubic interpolation with resize_mode 'shortest' is supported, got "
                    + interpolation + " / " + json.path("resize_mode").asText());
        }
        JsonNode sizeNode = json.path("size");
        int configured = sizeNode.isArray() ? sizeNode.get(0).asInt() : sizeNode.asInt(size);
        if (configured != size) {
            throw new IOException(file + ": size " + configured + " disagrees with the model's image size " + size);
        }
        return new ClipPreprocessor(size, new Normalization(triple(json, "mean", file), triple(json, "std", file)));
    }

    private static double[] triple(JsonNode json, String field, Path file) throws IOException {
        JsonNode node = json.path(field);
        if (!node.isArray() || node.size() != 3) {
            throw new IOException(file + ": '" + field + "' must be three numbers");
        }
        return new double[] {node.get(0).asDouble(), node.get(1).asDouble(), node.get(2).asDouble()};
    }
}
