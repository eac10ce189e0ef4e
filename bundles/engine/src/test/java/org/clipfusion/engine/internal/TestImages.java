package org.clipfusion.engine.internal;

import java.util.Map;
import org.clipfusion.api.InspectionImage;

/** Tiny images whose "content" is a number in their metadata, which the test scorers read. */
final class TestImages {
    static final String VALUE = "value";

    private TestImages() {
    }

    static InspectionImage withValue(String id, double value) {
        return new InspectionImage(id, 2, 2, new byte[12], Map.of(VALUE, Double.toString(value)));
    }

    /** The image's number: its metadata value, or for decoded files the red level of its first pixel / 255. */
    static double valueOf(InspectionImage image) {
        String value = image.metadata().get(VALUE);
        return value != null ? Double.parseDouble(value) : image.sample(0, 0, 0) / 255.0;
    }
}
