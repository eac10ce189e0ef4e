package org.clipfusion.shell.internal;

import static org.clipfusion.shell.internal.ShellFixtures.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

/** Every command of the bundle takes the help path, and {@code clipfusion:usage} knows each one. */
class ShellCommandsTest {

    @Test
    void everyCommandClassIsListedAndRedirectsItsHelp() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ShellCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> commands = new HashSet<>();
        try (Stream<Path> files = Files.list(classes.resolve("org/clipfusion/shell/internal"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("org.clipfusion.shell.internal." + name);
                if (type.isAnnotationPresent(Command.class)) {
                    commands.add(type);
                    assertEquals(HelpRedirectingParser.class, type.getAnnotation(Parsing.class) == null ? null
                            : type.getAnnotation(Parsing.class).value(), name + " must redirect --help");
                }
            }
        }
        assertEquals(17, commands.size(), commands.toString());
        assertEquals(commands, new HashSet<>(ShellCommands.ALL));
    }

    @Test
    void commandsAreFoundWithOrWithoutTheirScope() {
        assertEquals(DetectCommand.class, ShellCommands.named("detect").orElseThrow());
        assertEquals(DetectCommand.class, ShellCommands.named("clipfusion:detect").orElseThrow());
        assertTrue(ShellCommands.named("bundle:list").isEmpty());
    }

    @Test
    void usageOfAnUnknownCommandNamesTheKnownOnes() {
        UsageCommand usage = new UsageCommand();
        usage.command = "detcet";
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, usage::run);
        assertTrue(error.getMessage().startsWith("no clipfusion command 'detcet'; the commands are clipfusion:status,"),
                error.getMessage());
    }

    @Test
    void withoutAUsableTerminalThePageIsPlain() throws Exception {
        UsageCommand usage = new UsageCommand();
        usage.command = "clipfusion:status";
        // Karaf's help runs the command in an inner session whose terminal wraps the caller's missing one.
        Terminal broken = proxy(Terminal.class, (method, args) -> {
            throw new NullPointerException("no terminal behind the wrapper");
        });
        for (Terminal terminal : new Terminal[] {null, broken}) {
            usage.session = proxy(Session.class, (method, args) -> "getTerminal".equals(method) ? terminal : null);
            try (ShellFixtures.Output output = new ShellFixtures.Output()) {
                usage.run();
                assertTrue(output.text().startsWith("DESCRIPTION\n        clipfusion:status\n"), output.text());
                assertFalse(output.text().contains("\u001b"), output.text());
            }
        }
    }

    @Test
    void withoutTheOptionalFeatureItsCommandsRefuseInOneLine() {
        ClusterCommand cluster = new ClusterCommand();
        cluster.bundleContext = proxy(BundleContext.class, (method, args) -> null);
        IllegalStateException error = assertThrows(IllegalStateException.class, cluster::run);
        assertEquals("this node is in no cluster: create etc/org.clipfusion.kafka.cfg (feature clipfusion-kafka)",
                error.getMessage());
        TokensCommand tokens = new TokensCommand();
        tokens.bundleContext = cluster.bundleContext;
        assertEquals("the HTTP API is not running (feature clipfusion-http)",
                assertThrows(IllegalStateException.class, tokens::run).getMessage());
    }
}
