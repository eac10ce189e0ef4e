package org.clipfusion.clip.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.clipfusion.model.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading open_clip model-config JSON: fields, defaults, derived sizes and the errors for bad or unsupported files. */
class OpenClipConfigTest {
    private static final String VIT_B_16 = """
            {"embed_dim": 512,
             "vision_cfg": {"image_size": 224, "layers": 12, "width": 768, "patch_size": 16},
             "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 512, "heads": 8, "layers": 12}}
            """;

    @Test
    void readsSizesAndAppliesOpenClipDefaults() throws ModelLoadException {
        OpenClipConfig config = OpenClipConfig.parse(VIT_B_16, "ViT-B-16.json");

        assertEquals(512, config.embedDim());
        assertFalse(config.quickGelu());
        OpenClipConfig.VisionConfig vision = config.vision();
        assertEquals(224, vision.imageHeight());
        assertEquals(224, vision.imageWidth());
        assertEquals(64, vision.headWidth());
        assertEquals(12, vision.heads());
        assertEquals(14, vision.gridHeight());
        assertEquals(196, vision.patchCount());
        assertEquals(197, vision.tokenCount());
        assertEquals(3072, vision.mlpWidth());
        OpenClipConfig.TextConfig text = config.text();
        assertEquals(77, text.contextLength());
        assertEquals(64, text.headWidth());
        assertEquals(2048, text.mlpWidth());
    }

    @Test
    void acceptsRectangularSizesQuickGeluAndTheHubWrapper() throws ModelLoadException {
        String json = """
                {"model_cfg": {"embed_dim": 8, "quick_gelu": true,
                  "vision_cfg": {"image_size": [64, 32], "layers": 1, "width": 16, "patch_size": [16, 8],
                                 "head_width": 8, "mlp_ratio": 2.5},
                  "text_cfg": {"context_length": 5, "vocab_size": 10, "width": 8, "heads": 2, "layers": 1}},
                 "preprocess_cfg": {"mean": [0.5, 0.5, 0.5]}}
                """;
        OpenClipConfig config = OpenClipConfig.parse(json, "open_clip_config.json");

        assertTrue(config.quickGelu());
        assertEquals(64, config.vision().imageHeight());
        assertEquals(32, config.vision().imageWidth());
        assertEquals(16, config.vision().patchHeight());
        assertEquals(8, config.vision().patchWidth());
        assertEquals(16, config.vision().patchCount());
        assertEquals(2, config.vision().heads());
        assertEquals(40, config.vision().mlpWidth());
    }

    @Test
    void missingFieldIsNamedWithTheFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("config.json");
        Files.writeString(file, VIT_B_16.replace("\"width\": 768, ", ""));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> OpenClipConfig.read(file));

        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("vision_cfg.width"), error.getMessage());
    }

    @Test
    void wrongTypesAndInconsistentSizesAreNamed() {
        assertMessage(VIT_B_16.replace("\"heads\": 8", "\"heads\": \"eight\""), "text_cfg.heads");
        assertMessage(VIT_B_16.replace("\"image_size\": 224", "\"image_size\": [224]"), "vision_cfg.image_size");
        assertMessage(VIT_B_16.replace("\"heads\": 8", "\"heads\": 7"), "text_cfg.heads");
        assertMessage(VIT_B_16.replace("\"width\": 768", "\"width\": 100"), "vision_cfg.head_width");
        assertMessage(VIT_B_16.replace("\"embed_dim\": 512", "\"embed_dim\": 0"), "embed_dim");
        assertMessage("{not json", "not valid JSON");
        assertMessage("[1, 2]", "JSON object");
    }

    @Test
    void unsupportedOptionsAreRejectedNotIgnored() {
        assertMessage(VIT_B_16.replace("\"patch_size\": 16", "\"patch_size\": 16, \"ls_init_value\": 0.1"),
                "vision_cfg.ls_init_value");
        assertMessage(VIT_B_16.replace("\"layers\": 12, \"width\": 768", "\"layers\": [3, 4, 6, 3], \"width\": 64"),
                "vision_cfg.layers");
        assertMessage(VIT_B_16.replace("\"heads\": 8", "\"heads\": 8, \"pool_type\": \"last\""),
                "text_cfg.pool_type");
        assertMessage(VIT_B_16.replace("{\"embed_dim\": 512", "{\"embed_dim\": 512, \"custom_text\": true"),
                "custom_text");
    }

    private static void assertMessage(String json, String expectedPart) {
        ModelLoadException error =
                assertThrows(ModelLoadException.class, () -> OpenClipConfig.parse(json, "test.json"));
        assertTrue(error.getMessage().startsWith("test.json: "), error.getMessage());
        assertTrue(error.getMessage().contains(expectedPart), "'" + expectedPart + "' in: " + error.getMessage());
    }
}
