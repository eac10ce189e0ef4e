package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GaussianBlur} against scipy 1.10's {@code ndimage.gaussian_filter} (mode reflect, truncate 4) on
 * float32 maps, including maps smaller than the kernel radius. The bound is 1e-6 times the map's largest
 * magnitude: scipy and this class both sum in double and round to float32 after each axis.
 */
class GaussianBlurTest {
    private static final double RELATIVE_TOLERANCE = 1e-6;

    static Stream<Map<String, String>> scipyCases() {
        return Fixtures.cases("scipy_gaussian_cases.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scipyCases")
    void matchesScipyGaussianFilter(Map<String, String> testCase) {
        FloatImage map = Fixtures.floats(testCase.get("input"));
        GaussianBlur blur = new GaussianBlur(Double.parseDouble(testCase.get("sigma_y")),
                Double.parseDouble(testCase.get("sigma_x")), GaussianBlur.DEFAULT_TRUNCATE);

        float[] blurred = blur.apply(map.data(), map.height(), map.width());

        FloatImage expected = Fixtures.floats(testCase.get("file"));
        double error = Fixtures.maxAbsDifference(FloatImage.ofMap(map.height(), map.width(), blurred), expected);
        assertTrue(error <= RELATIVE_TOLERANCE * Fixtures.maxAbs(expected), testCase + ": max abs error " + error);
    }

    @Test
    void blursEachChannelOfAnImageSeparately() {
        FloatImage image = Fixtures.floats("gauss_image_2x9x11.npy");

        FloatImage blurred = new GaussianBlur(1.5).apply(image);

        FloatImage expected = Fixtures.floats("scipy_gaussian_image_2x9x11_s1.5.npy");
        double error = Fixtures.maxAbsDifference(blurred, expected);
        assertTrue(error <= RELATIVE_TOLERANCE * Fixtures.maxAbs(expected), "max abs error " + error);
    }

    @Test
    void radiusFollowsScipy() {
        assertEquals(2, new GaussianBlur(0.5).radiusX()); // int(4 * 0.5 + 0.5)
        assertEquals(4, new GaussianBlur(1.0).radiusX());
        assertEquals(16, new GaussianBlur(4.0).radiusY());
        assertEquals(-1, new GaussianBlur(0.0, 1.0, 4.0).radiusY());
    }

    @Test
    void reflectMirrorsWithTheEdgeSampleRepeated() {
        int[] expected = {2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2};
        int[] actual = new int[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = GaussianBlur.reflect(i - 3, 3); // c b a | a b c | c b a | a b c | c, from index -3
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void constantMapStaysConstant() {
        float[] map = new float[4 * 6];
        java.util.Arrays.fill(map, 0.75f);

        float[] blurred = new GaussianBlur(4.0).apply(map, 4, 6);

        for (float value : blurred) {
            assertEquals(0.75f, value, 1e-7f);
        }
    }
}
