package org.clipfusion.shell.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;

/**
 * The help page of a shell command, read from its Karaf annotations, in the sections and layout of Karaf's own
 * pages (DESCRIPTION, SYNTAX, ARGUMENTS, OPTIONS), with three differences: the options come in the order the command
 * declares them ({@code --help} last), a default is shown only where there is one (no "defaults to" an empty string
 * or {@code false}), and headings are bold only on a terminal.
 */
final class CommandUsage {
    private static final String ITEM = "        ";
    private static final String TEXT = "                ";
    private static final String BOLD = "\u001b[1m";
    private static final String NORMAL = "\u001b[0m";

    private final Class<? extends Action> type;
    private final Command command;
    private final int width;
    private final boolean bold;

    private CommandUsage(Class<? extends Action> type, int width, boolean bold) {
        this.type = type;
        this.command = type.getAnnotation(Command.class);
        this.width = width;
        this.bold = bold;
        if (command == null) {
            throw new IllegalArgumentException(type.getName() + " has no @Command");
        }
    }

    /**
     * @param width the terminal's width in characters (descriptions wrap to it)
     * @param bold  whether to use ANSI bold, as Karaf does on a terminal
     */
    static String of(Class<? extends Action> type, int width, boolean bold) {
        return new CommandUsage(type, width, bold).render();
    }

    private String render() {
        List<Field> arguments = annotated(Argument.class);
        arguments.sort(Comparator.comparingInt(field -> field.getAnnotation(Argument.class).index()));
        List<Field> options = annotated(Option.class);
        Action defaults = newInstance();
        String name = command.scope() + ":" + command.name();

        StringBuilder page = new StringBuilder();
        heading(page, "DESCRIPTION");
        page.append(ITEM).append(name).append("\n\n");
        wrap(page, "\t", command.description());
        page.append('\n');

        heading(page, "SYNTAX");
        page.append(ITEM).append(name).append(" [options]");
        for (Field field : arguments) {
            Argument argument = field.getAnnotation(Argument.class);
            String argumentName = argumentName(field);
            page.append(' ').append(argument.required() ? argumentName : "[" + argumentName + "]");
        }
        page.append("\n\n");

        if (!arguments.isEmpty()) {
            heading(page, "ARGUMENTS");
            for (Field field : arguments) {
                Argument argument = field.getAnnotation(Argument.class);
                entry(page, argumentName(field), argument.description(),
                        shownDefault(argument.valueToShowInHelp(), field, defaults),
                        argument.required(), argument.multiValued());
            }
            page.append('\n');
        }

        heading(page, "OPTIONS");
        for (Field field : options) {
            Option option = field.getAnnotation(Option.class);
            String names = option.aliases().length == 0 ? option.name()
                    : option.name() + ", " + String.join(", ", option.aliases());
            entry(page, names, option.description(), shownDefault(option.valueToShowInHelp(), field, defaults),
                    option.required(), option.multiValued());
        }
        entry(page, HelpRedirectingParser.HELP, "Display this help message", null, false, false);
        page.append('\n');
        return page.toString();
    }

    /** The fields carrying {@code annotation}: the command's own in declaration order, then its superclasses'. */
    private List<Field> annotated(Class<? extends java.lang.annotation.Annotation> annotation) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(annotation)) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static String argumentName(Field field) {
        String name = field.getAnnotation(Argument.class).name();
        return Argument.DEFAULT.equals(name) ? field.getName() : name;
    }

    private void heading(StringBuilder page, String title) {
        page.append(bold ? BOLD + title + NORMAL : title).append('\n');
    }

    private void entry(StringBuilder page, String names, String description, String shownDefault, boolean required,
            boolean multiValued) {
        page.append(ITEM).append(bold ? BOLD + names + NORMAL : names).append('\n');
        wrap(page, TEXT, description);
        if (shownDefault != null) {
            page.append(TEXT).append("(defaults to ").append(shownDefault).append(")\n");
        }
        if (required || multiValued) {
            page.append(TEXT).append(required && multiValued ? "(required, multi-valued)"
                    : required ? "(required)" : "(multi-valued)").append('\n');
        }
    }

    /** Word-wraps {@code text} to the width, each line after {@code indent} (a tab counts as 8 columns). */
    private void wrap(StringBuilder page, String indent, String text) {
        int room = Math.max(20, width - indent.replace("\t", ITEM).length());
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                page.append(indent).append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        page.append(indent).append(line).append('\n');
    }

    /**
     * What "(defaults to ...)" shows: the annotation's own text if it gives one, else the field's initial value,
     * unless that is nothing a user could type (null, empty, {@code false}, an empty list).
     */
    private static String shownDefault(String valueToShow, Field field, Action defaults) {
        if (!Option.DEFAULT_STRING.equals(valueToShow)) {
            return valueToShow == null || valueToShow.isEmpty() ? null : valueToShow;
        }
        Object value;
        try {
            field.setAccessible(true);
            value = field.get(defaults);
        } catch (IllegalAccessException e) {
            return null;
        }
        if (value == null || Boolean.FALSE.equals(value) || value instanceof CharSequence text && text.isEmpty()
                || value instanceof Collection<?> list && list.isEmpty()
                || value.getClass().isArray() && Array.getLength(value) == 0) {
            return null;
        }
        return String.valueOf(value);
    }

    private Action newInstance() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the defaults of " + type.getName(), e);
        }
    }
}
