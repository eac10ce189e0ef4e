package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.clipfusion.api.DetectionException;
import org.clipfusion.evaluation.EvaluationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code clipfusion:*} command. A command refused for its input or for the platform's state (an unknown category,
 * an image that cannot be read, the engine not running) is the user's business, not a server error: it leaves as a
 * Karaf {@link CommandException}, which Karaf prints as the plain one-line message and logs at DEBUG only, instead
 * of a stack trace at ERROR (and a red, ANSI-coloured line on the output of {@code bin/clipfusion-shell}). One INFO
 * line records the refusal. Anything else (a bug) still reaches Karaf as it is, with its stack trace.
 */
abstract class UserCommand implements Action {
    private static final Logger LOG = LoggerFactory.getLogger(UserCommand.class);

    @Override
    public final Object execute() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | IllegalStateException | DetectionException | EvaluationException e) {
            throw refused(getClass().getSimpleName(), e);
        }
    }

    /** The command itself: throws the exceptions above, with messages written for the user. */
    protected abstract Object run() throws Exception;

    static CommandException refused(String command, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.info("{} refused: {}", command, message);
        return new CommandException("Error executing command: " + message, message, e);
    }
}
