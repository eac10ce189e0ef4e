package org.clipfusion.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void imagesAndMapsAreImmutableCopies() {
        byte[] rgb = {1, 2, 3, 4, 5, 6};
        InspectionImage image = new InspectionImage("part-1/cam-2", 2, 1, rgb, Map.of("station", "7"));
        rgb[0] = 99;
        image.rgb()[1] = 99;
        assertEquals(1, image.sample(0, 0, 0));
        assertEquals(2, image.sample(0, 0, 1));
        assertEquals(6, image.sample(1, 0, 2));

        float[] values = {0.1f, 0.9f, 0.3f, 0.2f};
        AnomalyMap map = new AnomalyMap(2, 2, values, MapRole.CLIP_LANGUAGE, "patchclip");
        values[1] = 0;
        assertEquals(0.9f, map.at(1, 0));
        assertEquals(0.9f, map.max());
        assertArrayEquals(new float[] {0.1f, 0.9f, 0.3f, 0.2f}, map.values());
    }

    @Test
    void sizeMismatchesNameTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InspectionImage("img-42", 2, 2, new byte[6], Map.of()));
        assertTrue(e.getMessage().contains("img-42") && e.getMessage().contains("12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InspectionImage(" ", 1, 1, new byte[3], Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AnomalyMap(3, 1, new float[2], MapRole.OTHER, "x"));
    }
}
