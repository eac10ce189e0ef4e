package org.clipfusion.shell.internal;

import static org.clipfusion.shell.internal.ShellFixtures.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

/** {@code --help} anywhere after the command name becomes {@code clipfusion:usage <command>}; nothing else changes. */
class HelpRedirectingParserTest {
    private final HelpRedirectingParser parser = new HelpRedirectingParser();
    /** Inside the {@code clipfusion} subshell, "detect" resolves to "clipfusion:detect", as Karaf resolves it. */
    private final Session session = proxy(Session.class, (method, args) -> "resolveCommand".equals(method)
            ? (((String) args[0]).contains(":") ? args[0] : "clipfusion:" + args[0]) : null);

    private String preprocess(String line) {
        return parser.preprocess(session, parser.parse(session, line, line.length()));
    }

    @Test
    void helpAnywhereAfterTheNameShowsTheUsagePage() {
        assertEquals("clipfusion:usage clipfusion:detect", preprocess("clipfusion:detect --help"));
        assertEquals("clipfusion:usage clipfusion:detect", preprocess("clipfusion:detect -c bottle --help a.png"));
        assertEquals("clipfusion:usage clipfusion:detect", preprocess("detect --help"));
    }

    @Test
    void otherLinesPassAsKarafParsesThem() {
        assertEquals("clipfusion:detect -c bottle \"a b.png\"", preprocess("clipfusion:detect -c bottle \"a b.png\""));
        assertEquals("clipfusion:usage --helpful", preprocess("clipfusion:usage --helpful"));
    }
}
