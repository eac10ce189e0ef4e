package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Exact comparison of 8-bit images that reports where they differ. */
final class RgbAssertions {
    private RgbAssertions() {
    }

    static void assertSameImage(RgbImage expected, RgbImage actual, String what) {
        assertEquals(expected.width() + "x" + expected.height(), actual.width() + "x" + actual.height(),
                what + ": size");
        int differing = 0;
        int worst = 0;
        StringBuilder examples = new StringBuilder();
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int difference = Math.abs(actual.sample(x, y, c) - expected.sample(x, y, c));
                    if (difference != 0) {
                        if (differing++ < 5) {
                            examples.append(String.format(" (x=%d y=%d c=%d: expected %d got %d)", x, y, c,
                                    expected.sample(x, y, c), actual.sample(x, y, c)));
                        }
                        worst = Math.max(worst, difference);
                    }
                }
            }
        }
        if (differing > 0) {
            fail(what + ": " + differing + " samples differ, by up to " + worst + ":" + examples);
        }
    }
}
