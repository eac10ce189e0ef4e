package org.clipfusion.tensor.image;

import static org.clipfusion.tensor.image.RgbAssertions.assertSameImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PilResampler} against Pillow 9.4's {@code Image.resize}: every sample must be identical. */
class PilResamplerTest {

    static Stream<Map<String, String>> pillowCases() {
        return Fixtures.cases("pil_cases.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pillowCases")
    void matchesPillowExactly(Map<String, String> testCase) {
        RgbImage source = Fixtures.rgb("rgb_37x23.npy");
        PilFilter filter = PilFilter.valueOf(testCase.get("filter").toUpperCase(Locale.ROOT));
        int width = Integer.parseInt(testCase.get("width"));
        int height = Integer.parseInt(testCase.get("height"));

        RgbImage actual = PilResampler.resize(source, width, height, filter);

        assertSameImage(Fixtures.rgb(testCase.get("file")), actual, filter + " to " + width + "x" + height);
    }

    @Test
    void unchangedSizeGivesAnEqualCopy() {
        RgbImage source = Fixtures.rgb("rgb_37x23.npy");

        RgbImage copy = PilResampler.resize(source, 37, 23, PilFilter.BICUBIC);

        assertNotSame(source.rgbBytes(), copy.rgbBytes());
        assertArrayEquals(source.rgbBytes(), copy.rgbBytes());
    }

    @Test
    void rejectsEmptyTarget() {
        RgbImage source = Fixtures.rgb("rgb_37x23.npy");
        assertThrows(IllegalArgumentException.class, () -> PilResampler.resize(source, 0, 5, PilFilter.BILINEAR));
    }
}
