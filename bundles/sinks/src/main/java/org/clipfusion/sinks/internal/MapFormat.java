package org.clipfusion.sinks.internal;

import java.util.Arrays;
import java.util.Locale;

/** How the file sink stores the anomaly map itself. */
enum MapFormat {
    /** 16-bit grayscale PNG, 0 … full scale: viewable, and the scores re-readable to 1/65535 of full scale. */
    PNG16("_map.png"),
    /** float32 {@code .npy}, the exact scores for analysis in numpy. */
    NPY("_map.npy"),
    NONE("");

    private final String suffix;

    MapFormat(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    static MapFormat parse(String text) {
        String normalised = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (MapFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(normalised)) {
                return format;
            }
        }
        throw new IllegalArgumentException("mapFormat '" + text + "' is not one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
