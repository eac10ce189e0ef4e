package org.clipfusion.tensor.image;

/** How far a decoded image is from an expected one, channel by channel. */
record RgbImageDifference(int maxAbsolute, double meanAbsolute, String worstPlace) {

    static RgbImageDifference between(RgbImage expected, RgbImage actual) {
        if (expected.width() != actual.width() || expected.height() != actual.height()) {
            throw new AssertionError("size " + actual.width() + "x" + actual.height() + ", expected "
                    + expected.width() + "x" + expected.height());
        }
        int max = 0;
        long sum = 0;
        String worst = "none";
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    int difference = Math.abs(expected.sample(x, y, c) - actual.sample(x, y, c));
                    sum += difference;
                    if (difference > max) {
                        max = difference;
                        worst = "(x=" + x + ", y=" + y + ", channel " + "RGB".charAt(c) + "): expected "
                                + expected.sample(x, y, c) + ", got " + actual.sample(x, y, c);
                    }
                }
            }
        }
        return new RgbImageDifference(max, (double) sum / (3L * expected.width() * expected.height()), worst);
    }
}
