package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

/**
 * End to end against open_clip v3.3.0's evaluation transform as run upstream (see
 * {@code shared/fixtures/parity/MANIFEST.md} section 1): torchvision {@code Resize(S, bicubic)} on the PIL image,
 * {@code CenterCrop(S)}, {@code ToTensor}, {@code Normalize(mean, std)}. S, mean and std come from the fixture's
 * {@code preprocess_cfg.json}; the result must match {@code inputs/images_preprocessed.npy} to 1e-6.
 */
class OpenClipPreprocessParityTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void rawImagesPreprocessLikeOpenClip() throws IOException {
        Path set = SharedFixtures.paritySet("open_clip");
        String preprocessConfig = Files.readString(set.resolve("preprocess_cfg.json"));
        assertEquals("bicubic", jsonString(preprocessConfig, "interpolation"));
        assertEquals("shortest", jsonString(preprocessConfig, "resize_mode"));
        double[] cropSize = jsonNumbers(preprocessConfig, "size");
        assertEquals(cropSize[0], cropSize[1], "open_clip uses Resize(S) only for square sizes");
        int size = (int) cropSize[0];
        double imageSize = jsonNumbers(Files.readString(set.resolve("config.json")), "image_size")[0];
        assertEquals(imageSize, size, "preprocess size and vision_cfg.image_size disagree");
        Normalization normalization = new Normalization(jsonNumbers(preprocessConfig, "mean"),
                jsonNumbers(preprocessConfig, "std"));

        NpyArray expected = NpyArray.read(set.resolve("inputs/images_preprocessed.npy"));
        int[] shape = expected.intShape();
        assertArrayEquals(new int[] {shape[0], 3, size, size}, shape, "images_preprocessed shape");
        float[] expectedValues = expected.toFloatArray();
        int perImage = 3 * size * size;

        for (int i = 0; i < shape[0]; i++) {
            String rawName = "inputs/raw_image_" + i + ".npy";
            RgbImage raw = Fixtures.toRgb(NpyArray.read(set.resolve(rawName)), rawName);

            RgbImage resized = ShorterSideResize.resize(raw, size, PilFilter.BICUBIC);
            FloatImage actual = normalization.apply(FloatImage.fromRgb(CenterCrop.apply(resized, size)));

            FloatImage reference = new FloatImage(3, size, size,
                    Arrays.copyOfRange(expectedValues, i * perImage, (i + 1) * perImage));
            double error = Fixtures.maxAbsDifference(actual, reference);
            assertTrue(error <= TOLERANCE, rawName + " (" + raw.width() + "x" + raw.height()
                    + "): max abs error " + error);
        }
    }

    private static String jsonString(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(matcher.find(), "no string \"" + key + "\" in " + json);
        return matcher.group(1);
    }

    /** A number or a flat array of numbers under {@code key}; enough JSON for these small config files. */
    private static double[] jsonNumbers(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\[[^\\]]*\\]|[-0-9.eE+]+)").matcher(json);
        assertTrue(matcher.find(), "no number or number list \"" + key + "\" in " + json);
        String value = matcher.group(1).replace("[", "").replace("]", "");
        return Arrays.stream(value.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }
}
