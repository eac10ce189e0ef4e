package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TorchInterpolation} against PyTorch 1.13's {@code F.interpolate} on float32 maps: bilinear
 * (align_corners=False), legacy nearest, and the antialiased bicubic and bilinear modes, enlarging, shrinking
 * and mixed.
 *
 * <p>Bilinear and nearest must agree to 1e-6 absolute (the maps hold values of order 1; nearest is in fact
 * exact and bilinear within 2 float32 ulps). The antialiased modes get 1e-6 relative to the map's largest
 * magnitude: PyTorch's CPU build evaluates their kernel weights with its own float32 rounding (and fused
 * multiply-adds), which leaves weight differences of a few 1e-8 and output differences of 1 to 4 ulps.
 */
class TorchInterpolationTest {
    private static final double TOLERANCE = 1e-6;

    static Stream<Map<String, String>> torchCases() {
        return Fixtures.cases("torch_interpolation_cases.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void matchesTorchInterpolate(Map<String, String> testCase) {
        FloatImage source = Fixtures.floats(testCase.get("input"));
        int height = Integer.parseInt(testCase.get("height"));
        int width = Integer.parseInt(testCase.get("width"));
        Function<FloatImage, FloatImage> mode = switch (testCase.get("mode")) {
            case "bilinear" -> image -> TorchInterpolation.bilinear(image, height, width);
            case "nearest" -> image -> TorchInterpolation.nearest(image, height, width);
            case "bicubic_aa" -> image -> TorchInterpolation.bicubicAntialiased(image, height, width);
            case "bilinear_aa" -> image -> TorchInterpolation.bilinearAntialiased(image, height, width);
            default -> throw new IllegalArgumentException("unknown mode " + testCase.get("mode"));
        };

        FloatImage expected = Fixtures.floats(testCase.get("file"));
        double error = Fixtures.maxAbsDifference(mode.apply(source), expected);

        double bound = testCase.get("mode").endsWith("_aa") ? TOLERANCE * Math.max(1.0, Fixtures.maxAbs(expected))
                : TOLERANCE;
        assertTrue(error <= bound, testCase + ": max abs error " + error + " > " + bound);
    }
}
