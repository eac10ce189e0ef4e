package org.clipfusion.shell.internal;

import java.util.Arrays;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.parsing.DefaultParser;

/**
 * Parses a {@code clipfusion:*} command line as Karaf does, except that a line asking for {@code --help} runs
 * {@code clipfusion:usage <command>} instead.
 *
 * <p>Karaf 4.4 answers {@code --help} itself, before the command runs, and there it lists the options in hash order
 * and fails without a terminal (so {@code help clipfusion:detect} printed only "COMMANDS" through
 * {@code bin/clipfusion-shell}). A command's parser is the one hook Karaf offers ahead of that: every
 * {@code clipfusion:*} command names this parser with {@code @Parsing}. {@code help <command>} runs
 * {@code <command> --help}, so it takes the same way.
 */
@Service
public class HelpRedirectingParser extends DefaultParser {
    static final String HELP = "--help";

    @Override
    public String preprocess(Session session, CommandLine commandLine) {
        String[] words = commandLine.getArguments();
        if (words.length > 1 && Arrays.asList(words).subList(1, words.length).contains(HELP)) {
            return UsageCommand.NAME + " " + session.resolveCommand(words[0]);
        }
        return super.preprocess(session, commandLine);
    }
}
