package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torchvision's {@code ToTensor} and {@code Normalize} with OpenAI CLIP's constants: both are float32
 * arithmetic done the same way, so the results must be bit-identical.
 */
class NormalizationTest {

    @Test
    void fromRgbEqualsToTensor() {
        FloatImage tensor = FloatImage.fromRgb(Fixtures.rgb("rgb_37x23.npy"));

        assertEquals(0.0, Fixtures.maxAbsDifference(tensor, Fixtures.floats("to_tensor_rgb_37x23.npy")));
    }

    @Test
    void clipNormalizationEqualsTorchvisionNormalize() {
        FloatImage tensor = FloatImage.fromRgb(Fixtures.rgb("rgb_37x23.npy"));

        FloatImage normalized = Normalization.OPENAI_CLIP.apply(tensor);

        assertEquals(0.0, Fixtures.maxAbsDifference(normalized, Fixtures.floats("normalized_clip_rgb_37x23.npy")));
    }

    @Test
    void clipConstantsAreOpenAiValues() {
        assertEquals(List.of(0.48145466, 0.4578275, 0.40821073), Normalization.OPENAI_CLIP_MEAN);
        assertEquals(List.of(0.26862954, 0.26130258, 0.27577711), Normalization.OPENAI_CLIP_STD);
    }

    @Test
    void applyLeavesInputUntouched() {
        FloatImage tensor = FloatImage.fromRgb(Fixtures.rgb("rgb_37x23.npy"));
        float[] before = tensor.data().clone();

        Normalization.OPENAI_CLIP.apply(tensor);

        assertArrayEquals(before, tensor.data());
    }

    @Test
    void rejectsChannelMismatch() {
        FloatImage map = FloatImage.zeros(1, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> Normalization.OPENAI_CLIP.apply(map));
    }

    @Test
    void toRgbRoundsAndClampsBackToBytes() {
        RgbImage original = Fixtures.rgb("rgb_37x23.npy");
        assertArrayEquals(original.rgbBytes(), FloatImage.fromRgb(original).toRgb().rgbBytes());

        FloatImage outOfRange = new FloatImage(3, 1, 2, new float[] {-0.5f, 1.5f, 0.5f, 0.502f, 0.0019f, 0.002f});
        RgbImage bytes = outOfRange.toRgb();
        assertEquals(0, bytes.sample(0, 0, 0));
        assertEquals(255, bytes.sample(1, 0, 0));
        assertEquals(128, bytes.sample(0, 0, 1)); // 127.5 rounds up
        assertEquals(128, bytes.sample(1, 0, 1));
        assertEquals(0, bytes.sample(0, 0, 2));
        assertEquals(1, bytes.sample(1, 0, 2));
    }
}
