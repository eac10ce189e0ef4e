package org.clipfusion.shell.internal;

import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;

/** Every {@code clipfusion:*} command, for {@code clipfusion:usage} (a test checks that none is missing). */
final class ShellCommands {
    static final String SCOPE = "clipfusion";
    static final List<Class<? extends Action>> ALL = List.of(StatusCommand.class, ModelsCommand.class,
            ModelVerifyCommand.class, CategoriesCommand.class, CategorySetCommand.class, CategoryRemoveCommand.class,
            FitCommand.class, DetectCommand.class, FusionCommand.class, SinksCommand.class, EvalCommand.class,
            DatasetSynthCommand.class, TokenCreateCommand.class, TokensCommand.class, TokenRevokeCommand.class,
            ClusterCommand.class, UsageCommand.class);

    private ShellCommands() {
    }

    /** The command called {@code name}, with or without the {@code clipfusion:} scope. */
    static Optional<Class<? extends Action>> named(String name) {
        String bare = name.startsWith(SCOPE + ":") ? name.substring(SCOPE.length() + 1) : name;
        return ALL.stream().filter(type -> type.getAnnotation(Command.class).name().equals(bare)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(type -> SCOPE + ":" + type.getAnnotation(Command.class).name()).toList();
    }
}
