package org.clipfusion.api.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three shapes in which Karaf delivers a list, as seen in a running instance: a {@code .cfg} file with
 * {@code modelDirectory = /opt/x} beside {@code states = [ "a", "b" ]} delivers the list as the one string
 * {@code [ "a", "b" ]}; the same list in a file whose every value is typed arrives as a String[].
 */
class ConfigListsTest {

    @Test
    void aRealArrayIsTakenItemByItemCommasIncluded() {
        assertEquals(List.of("a photo of a {}, close up", "a {}"),
                ConfigLists.items("templates", new String[] {" a photo of a {}, close up ", "a {}", "  "}));
    }

    @Test
    void aPlainStringIsSplitAtCommas() {
        assertEquals(List.of("up_blocks.1", "up_blocks.2"),
                ConfigLists.items("featureLayers", new String[] {"up_blocks.1, up_blocks.2,"}));
        assertEquals(List.of("damaged {}"), ConfigLists.items("anomalousStates", new String[] {"damaged {}"}));
    }

    @Test
    void arraySyntaxInAMixedCfgFileKeepsCommasInsideItems() {
        assertEquals(List.of("a photo of a {}, close up", "a {} with a \"dent\"", "back\\slash"),
                ConfigLists.items("templates", new String[] {
                    "[ \"a photo of a {}, close up\",\"a {} with a \\\"dent\\\"\" , \"back\\\\slash\" ]"}));
        assertEquals(List.of(), ConfigLists.items("templates", new String[] {"[ ]"}));
    }

    @Test
    void numberListsAreReadTheSameWay() {
        assertArrayEquals(new double[] {0.5, 0.25}, ConfigLists.numbers("cropScales", new String[] {"0.5, 0.25"}));
        assertArrayEquals(new double[] {0.5, 1.0 / 3}, ConfigLists.numbers("cropScales",
                new String[] {"0.5", "0.3333333333333333"}));
        assertArrayEquals(new int[] {2, 3}, ConfigLists.integers("windowSizes", new String[] {"[ \"2\", \"3\" ]"}));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLists.numbers("cropScales", new String[] {"0.5, half"}));
        assertEquals("cropScales: 'half' is not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLists.numbers("cropScales", new String[] {"NaN"}));
        assertEquals("cropScales: 'NaN' is not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLists.integers("windowSizes", new String[] {"2, 2.5"}));
        assertEquals("windowSizes: '2.5' is not a whole number", e.getMessage());
    }

    @Test
    void nothingConfiguredIsAnEmptyList() {
        assertEquals(List.of(), ConfigLists.items("templates", null));
        assertEquals(List.of(), ConfigLists.items("templates", new String[0]));
        assertEquals(List.of(), ConfigLists.items("templates", new String[] {"  "}));
    }

    @Test
    void malformedArraySyntaxNamesThePropertyAndTheProblem() {
        assertProblem("[ \"a\", \"b\"", "not closed with ]");
        assertProblem("[ \"a\" \"b\" ]", "expected , or ] after item 1");
        assertProblem("[ a, b ]", "expected a double-quoted item");
        assertProblem("[ \"a ]", "a quoted item is not closed");
        assertProblem("[ \"a\" ] trailing", "unexpected text after ]");
    }

    private static void assertProblem(String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLists.items("anomalousStates", new String[] {value}));
        assertTrue(e.getMessage().startsWith("anomalousStates: ") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
