package org.clipfusion.datasets.internal.synthetic;

/**
 * Turns a colour's hue around the HSV colour wheel and lifts its saturation to a minimum, so that grey pixels (which
 * have no hue to turn) change colour too.
 */
final class HueShift {
    private HueShift() {
    }

    /** Writes the shifted colour of ({@code r}, {@code g}, {@code b}) to {@code out}, 0..255 each. */
    static void shift(int r, int g, int b, double degrees, double minSaturation, int[] out) {
        double red = r / 255.0;
        double green = g / 255.0;
        double blue = b / 255.0;
        double max = Math.max(red, Math.max(green, blue));
        double min = Math.min(red, Math.min(green, blue));
        double chroma = max - min;
        double hue;
        if (chroma == 0) {
            hue = 0;
        } else if (max == red) {
            hue = 60 * ((green - blue) / chroma);
        } else if (max == green) {
            hue = 60 * ((blue - red) / chroma + 2);
        } else {
            hue = 60 * ((red - green) / chroma + 4);
        }
        double saturation = max == 0 ? 0 : Math.max(minSaturation, chroma / max);
        double value = max;
        hue = ((hue + degrees) % 360 + 360) % 360;
        double c = value * saturation;
        double x = c * (1 - Math.abs((hue / 60) % 2 - 1));
        double m = value - c;
        double[] rgb = switch ((int) (hue / 60)) {
            case 0 -> new double[] {c, x, 0};
            case 1 -> new double[] {x, c, 0};
            case 2 -> new double[] {0, c, x};
            case 3 -> new double[] {0, x, c};
            case 4 -> new double[] {x, 0, c};
            default -> new double[] {c, 0, x};
        };
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.max(0, Math.min(255, Math.round((rgb[i] + m) * 255)));
        }
    }
}
