package org.clipfusion.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.junit.jupiter.api.Test;

/** Help pages: Karaf's layout, the options in declared order, only real defaults, bold only when asked. */
class CommandUsageTest {

    @Command(scope = "clipfusion", name = "sample", description = "Does one thing to the images given")
    static class SampleCommand implements Action {
        @Option(name = "-z", aliases = "--zeta", description = "Declared first, sorts last", required = true)
        String zeta;
        @Option(name = "-a", aliases = "--alpha", description = "Has a default")
        String alpha = "0.5";
        @Option(name = "--empty", description = "Empty by default")
        String empty = "";
        @Option(name = "-f", aliases = "--flag", description = "A switch")
        boolean flag;
        @Option(name = "--count", description = "A number")
        int count = 3;
        @Option(name = "--tags", description = "Repeatable", multiValued = true)
        List<String> tags = new ArrayList<>();
        @Argument(index = 1, name = "images", description = "Images", required = true, multiValued = true)
        List<String> images;
        @Argument(index = 0, name = "category", description = "The category")
        String category;

        @Override
        public Object execute() {
            return null;
        }
    }

    @Test
    void plainPageListsTheOptionsInDeclaredOrderWithOnlyRealDefaults() {
        String expected = """
                DESCRIPTION
                        clipfusion:sample

                \tDoes one thing to the images given

                SYNTAX
                        clipfusion:sample [options] [category] images

                ARGUMENTS
                        category
                                The category
                        images
                                Images
                                (required, multi-valued)

                OPTIONS
                        -z, --zeta
                                Declared first, sorts last
                                (required)
                        -a, --alpha
                                Has a default
                                (defaults to 0.5)
                        --empty
                                Empty by default
                        -f, --flag
                                A switch
                        --count
                                A number
                                (defaults to 3)
                        --tags
                                Repeatable
                                (multi-valued)
                        --help
                                Display this help message

                """;
        assertEquals(expected, CommandUsage.of(SampleCommand.class, 80, false));
    }

    @Test
    void descriptionsWrapAtTheWidthAndHeadingsAreBoldOnlyOnATerminal() {
        String page = CommandUsage.of(SampleCommand.class, 40, true);
        assertTrue(page.startsWith("\u001b[1mDESCRIPTION\u001b[0m\n"), page);
        assertTrue(page.contains("\tDoes one thing to the images\n\tgiven\n"), page); // 32 columns after the tab
        assertTrue(page.contains("        \u001b[1m-z, --zeta\u001b[0m\n"), page);
    }

    @Test
    void detectListsItsOptionsAsDeclared() {
        String page = CommandUsage.of(DetectCommand.class, 80, false);
        int previous = -1;
        for (String option : List.of("-c, --category", "-o, --output", "-p, --part", "-r, --recursive",
                "--request-id", "--image-id", "--help")) {
            int at = page.indexOf("        " + option + "\n");
            assertTrue(at > previous, option + " out of order in\n" + page);
            previous = at;
        }
        assertTrue(page.contains("SYNTAX\n        clipfusion:detect [options] images\n"), page);
    }
}
