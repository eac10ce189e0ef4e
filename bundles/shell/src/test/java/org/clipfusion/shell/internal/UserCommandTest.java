package org.clipfusion.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/**
 * Karaf logs a command's exception at ERROR with its stack trace, and prints it in ANSI red, unless it is a
 * {@link CommandException}: then it logs at DEBUG and prints {@link CommandException#getNiceHelp()} as it is.
 */
class UserCommandTest {

    @Test
    void aRefusedCommandLeavesAsAPlainCommandException() {
        UserCommand command = new UserCommand() {
            @Override
            protected Object run() {
                throw new IllegalArgumentException("unknown category 'nope'");
            }
        };
        CommandException error = assertThrows(CommandException.class, command::execute);
        assertEquals("unknown category 'nope'", error.getMessage());
        assertEquals("Error executing command: unknown category 'nope'", error.getNiceHelp());
    }

    @Test
    void aBugIsNotDisguisedAsAUserError() {
        NullPointerException bug = new NullPointerException();
        UserCommand command = new UserCommand() {
            @Override
            protected Object run() {
                throw bug;
            }
        };
        assertSame(bug, assertThrows(NullPointerException.class, command::execute));
    }
}
