package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

/**
 * {@code clipfusion:usage}: a command's help page, which {@code <command> --help} and {@code help <command>} show
 * (see {@link HelpRedirectingParser}). Without a terminal (through {@code bin/clipfusion-shell}, or inside Karaf's
 * {@code help}, whose inner session wraps the caller's missing terminal) the page is plain text, 80 columns wide.
 */
@Service
@Command(scope = ShellCommands.SCOPE, name = "usage",
        description = "Shows a clipfusion command's description, syntax, arguments and options (as <command> --help)")
@Parsing(HelpRedirectingParser.class)
public class UsageCommand extends UserCommand {
    static final String NAME = ShellCommands.SCOPE + ":usage";
    private static final int PLAIN_WIDTH = 80;

    @Argument(index = 0, name = "command", required = true, description = "A clipfusion command, e.g. detect or "
            + "clipfusion:detect")
    @Completion(ShellCommandCompleter.class)
    String command;

    @Reference
    Session session;

    @Override
    protected Object run() {
        var type = ShellCommands.named(command).orElseThrow(() -> new IllegalArgumentException("no clipfusion "
                + "command '" + command + "'; the commands are " + String.join(", ", ShellCommands.names())));
        Terminal terminal = usableTerminal(session);
        boolean wide = terminal != null && terminal.getWidth() > 0;
        System.out.print(CommandUsage.of(type, wide ? terminal.getWidth() : PLAIN_WIDTH,
                terminal != null && terminal.isAnsiSupported()));
        return null;
    }

    /** The session's terminal, or null where it has none or only Karaf's wrapper around none. */
    static Terminal usableTerminal(Session session) {
        try {
            Terminal terminal = session.getTerminal();
            if (terminal != null) {
                terminal.getWidth();
            }
            return terminal;
        } catch (RuntimeException wrapperAroundNoTerminal) {
            return null;
        }
    }
}
