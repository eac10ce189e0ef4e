package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;

/** The DS component's configuration as Karaf delivers it, turned into settings. */
class PatchClipComponentTest {

    @Test
    void anEmptyConfigurationTakesWinClipsPrompts() {
        PatchClipSettings settings = PatchClipComponent.settings(config(Map.of()));

        assertEquals(PatchClipSettings.ANOMALOUS_STATES.size() * PatchClipSettings.TEMPLATES.size(),
                settings.prompts().anomalousPrompts("bottle").size());
        assertEquals("printed circuit board", settings.objectNames().objectName("pcb1", "pcb1"));
    }

    @Test
    void statesWrittenWithCommasInACfgFileAreSplit() {
        // "anomalousStates = damaged {}, broken {}" in a .cfg file arrives as one string.
        PatchClipSettings settings = PatchClipComponent.settings(config(Map.of(
                "anomalousStates", new String[] {"damaged {}, broken {}"},
                "templates", new String[] {"a photo of a {}."},
                "objectNames", new String[] {"gadget=blue widget, pcb1=board"})));

        assertEquals(List.of("a photo of a damaged bottle.", "a photo of a broken bottle."),
                settings.prompts().anomalousPrompts("bottle"));
        assertEquals("blue widget", settings.objectNames().objectName("gadget", "gadget"));
        assertEquals("board", settings.objectNames().objectName("pcb1", "pcb1"));
    }

    @Test
    void templatesWithCommasCanBeWrittenInArraySyntax() {
        // Beside plain values such as modelDirectory, Karaf delivers a typed list from a .cfg file as one string.
        PatchClipSettings settings = PatchClipComponent.settings(config(Map.of(
                "anomalousStates", new String[] {"damaged {}"},
                "templates", new String[] {"[ \"a close-up photo of a {}, on a belt\", \"a {}\" ]"})));

        assertEquals(List.of("a close-up photo of a damaged bottle, on a belt", "a damaged bottle"),
                settings.prompts().anomalousPrompts("bottle"));
    }

    @Test
    void numberListsWrittenWithCommasInACfgFileAreRead() {
        // DS itself cannot make a double[] of "0.5, 0.25": the component was unavailable with a bare
        // NumberFormatException before these became string lists.
        PatchClipSettings settings = PatchClipComponent.settings(config(Map.of(
                "cropScales", new String[] {"0.5, 0.25"}, "windowSizes", new String[] {"2, 3, 4"})));

        assertArrayEquals(new double[] {0.5, 0.25}, settings.cropScales());
        assertArrayEquals(new int[] {2, 3, 4}, settings.windowSizes());
        assertArrayEquals(new double[] {0.5, 1.0 / 3}, PatchClipComponent.settings(config(Map.of())).cropScales());
    }

    @Test
    void malformedListsNameTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PatchClipComponent.settings(
                config(Map.of("templates", new String[] {"[ \"a photo of a {}\""}))));
        assertTrue(e.getMessage().startsWith("templates: the list is not closed with ]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PatchClipComponent.settings(
                config(Map.of("cropScales", new String[] {"0.5, 0,25"}))));
        assertEquals("PatchCLIP crop scale must lie in (0, 1], got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PatchClipComponent.settings(
                config(Map.of("cropScales", new String[] {" "}))));
        assertEquals("PatchCLIP crops mode needs at least one crop scale", e.getMessage());
    }

    private static PatchClipConfig config(Map<String, Object> values) {
        return ConfigAnnotations.of(PatchClipConfig.class, values);
    }
}
