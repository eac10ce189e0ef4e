package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticSpecTest {
    private static final List<String> KNOWN =
            List.of("synthetic_carpet", "synthetic_grid", "synthetic_disc", "synthetic_tile");

    @Test
    void offersTwoTexturesAndTwoPartsAndTheDefaultsUseThemAll() {
        SyntheticSpec defaults = SyntheticSpec.defaults();

        assertEquals(KNOWN, SyntheticDatasetGenerator.knownCategories());
        assertEquals(KNOWN, defaults.categories());
        assertTrue(defaults.trainGood() > 0 && defaults.testGood() > 0 && defaults.testDefective() >= 4);
    }

    @Test
    void anUnknownCategoryFailsListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSpec(List.of("synthetic_bottle"), 64, 1, 1, 1, 0));

        assertTrue(e.getMessage().contains("synthetic_bottle"), e.getMessage());
        assertTrue(e.getMessage().contains(String.join(", ", KNOWN)), e.getMessage());
    }

    @Test
    void rejectsSizesAndCountsOutsideTheirRanges() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticSpec(List.of(), 64, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSpec(List.of("synthetic_grid", "synthetic_grid"), 64, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticSpec(List.of("synthetic_grid"), 31, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSpec(List.of("synthetic_grid"), 1025, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticSpec(List.of("synthetic_grid"), 64, -1, 1, 1, 0));
        IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSpec(List.of("synthetic_grid"), 64, 1, 0, 0, 0));
        assertTrue(noTest.getMessage().contains("test"), noTest.getMessage());
    }
}
