package org.clipfusion.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.clipfusion.testing.SharedFixtures;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the distribution the reactor just built (a {@code file:} URL: a {@code mvn:} one would silently test a stale
 * archive from the local repository) on free ports, and runs shell commands inside it.
 */
public abstract class ClipFusionKarafSupport {
    /** Where tests inside the container find the parity fixture models. */
    protected static final String PARITY_PROPERTY = "clipfusion.itest.parity";

    @Inject
    protected SessionFactory sessionFactory;

    /** The options every test class boots with; subclasses add their own. */
    protected static Option[] baseOptions() {
        // Read in the test JVM (failsafe sets them); the probe inside Karaf gets what it needs as system properties.
        String distribution = requiredProperty("clipfusion.distribution");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl("file:" + distribution)
                    .unpackDirectory(new File(requiredProperty("clipfusion.examDir")))
                    .name("ClipFusion")
                    .useDeployFolder(false),
            when(Boolean.getBoolean("clipfusion.keepRuntime")).useOptions(keepRuntimeFolder()),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            // One unpacked copy of the 400 MB of natives for all boots of a build.
            editConfigurationFilePut("etc/system.properties", "org.bytedeco.javacpp.cachedir",
                    requiredProperty("clipfusion.javacppCache")),
            bundle("file:" + requiredProperty("clipfusion.checkBundle")),
            // The runtime registers ComputeRuntime only after loading the natives (seconds; more on a busy machine).
            systemProperty("pax.exam.service.timeout").value("120000"),
            // The tiny parity models, read by tests inside the container.
            systemProperty(PARITY_PROPERTY).value(SharedFixtures.parityDirectory().toString()),
        };
    }

    /** Runs a command in a shell session of the container and returns what it printed (stdout and stderr). */
    protected String executeCommand(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Session session = sessionFactory.create(System.in, out, out);
            Future<Object> result = executor.submit(() -> session.execute(command));
            result.get(60, TimeUnit.SECONDS);
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            executor.shutdownNow();
        }
    }

    private static String freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven");
        }
        return value;
    }
}
