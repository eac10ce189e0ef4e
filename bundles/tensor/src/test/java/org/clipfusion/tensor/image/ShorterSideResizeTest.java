package org.clipfusion.tensor.image;

import static org.clipfusion.tensor.image.RgbAssertions.assertSameImage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * torchvision 0.14's {@code Resize(S, bicubic)} and {@code Resize(S)} + {@code CenterCrop(S)} on PIL images,
 * landscape and portrait, shrinking and enlarging: sizes and every sample identical.
 */
class ShorterSideResizeTest {

    static Stream<Map<String, String>> resizeCropCases() {
        return Fixtures.cases("torchvision_resize_crop_cases.csv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resizeCropCases")
    void resizeThenCenterCropMatchesTorchvision(Map<String, String> testCase) {
        RgbImage source = Fixtures.rgb(testCase.get("input"));
        int size = Integer.parseInt(testCase.get("size"));

        RgbImage resized = ShorterSideResize.resize(source, size, PilFilter.BICUBIC);
        RgbImage cropped = CenterCrop.apply(resized, size);

        assertEquals(Integer.parseInt(testCase.get("resized_width")), resized.width(), "resized width");
        assertEquals(Integer.parseInt(testCase.get("resized_height")), resized.height(), "resized height");
        assertSameImage(Fixtures.rgb(testCase.get("resized_file")), resized, "Resize(" + size + ")");
        assertSameImage(Fixtures.rgb(testCase.get("cropped_file")), cropped, "CenterCrop(" + size + ")");
    }

    @Test
    void sizeRuleMatchesTorchvisionOnManyShapes() {
        long[] rows = Fixtures.npy("torchvision_resize_sizes.npy").toLongArray();
        for (int i = 0; i < rows.length; i += 5) {
            int width = (int) rows[i];
            int height = (int) rows[i + 1];
            int size = (int) rows[i + 2];

            ImageSize actual = ShorterSideResize.outputSize(width, height, size);

            assertEquals(new ImageSize((int) rows[i + 3], (int) rows[i + 4]), actual,
                    "Resize(" + size + ") of " + width + "x" + height);
        }
    }

    @Test
    void longSideIsTruncatedNotRounded() {
        // 16 * 37 / 23 = 25.74: torchvision's int() gives 25.
        assertEquals(new ImageSize(25, 16), ShorterSideResize.outputSize(37, 23, 16));
        assertEquals(new ImageSize(16, 25), ShorterSideResize.outputSize(23, 37, 16));
    }
}
