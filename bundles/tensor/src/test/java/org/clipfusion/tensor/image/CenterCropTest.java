package org.clipfusion.tensor.image;

import static org.clipfusion.tensor.image.RgbAssertions.assertSameImage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** torchvision 0.14's {@code CenterCrop((h, w))}: half-even rounded offsets and zero padding, exactly. */
class CenterCropTest {

    static Stream<Map<String, String>> cropCases() {
        return Fixtures.cases("torchvision_center_crop_cases.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cropCases")
    void matchesTorchvisionOnRgb(Map<String, String> testCase) {
        RgbImage source = Fixtures.rgb(testCase.get("input"));
        ImageSize crop = cropSize(testCase);

        RgbImage cropped = CenterCrop.apply(source, crop);

        assertSameImage(Fixtures.rgb(testCase.get("file")), cropped, "CenterCrop(" + crop + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cropCases")
    void cropsFloatImagesLikeRgbOnes(Map<String, String> testCase) {
        RgbImage source = Fixtures.rgb(testCase.get("input"));
        ImageSize crop = cropSize(testCase);

        FloatImage cropped = CenterCrop.apply(FloatImage.fromRgb(source), crop);

        assertEquals(0.0, Fixtures.maxAbsDifference(cropped, FloatImage.fromRgb(Fixtures.rgb(testCase.get("file")))));
    }

    @Test
    void offsetRoundsHalvesToEvenLikePython() {
        assertEquals(2, CenterCrop.offset(10, 5)); // round(2.5) == 2
        assertEquals(4, CenterCrop.offset(12, 5)); // round(3.5) == 4
        assertEquals(-2, CenterCrop.offset(5, 10)); // pad (10 - 5) // 2 = 2 in front
    }

    private static ImageSize cropSize(Map<String, String> testCase) {
        return new ImageSize(Integer.parseInt(testCase.get("crop_width")),
                Integer.parseInt(testCase.get("crop_height")));
    }
}
