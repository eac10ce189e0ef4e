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
import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.clipfusion.testing.SharedFixtures;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the distribution the reactor just built (a {@code file:} URL: a {@code mvn:} one would silently test a stale
 * archive from the local repository) on free ports, and runs shell commands inside it.
 */
public abstract class ClipFusionKarafSupport {
    /** Where tests inside the container find the parity fixture models. */
    protected static final String PARITY_PROPERTY = "clipfusion.itest.parity";
    /** Where tests inside the container find the hot-swappable test fusion bundle. */
    protected static final String FUSION_BUNDLE_PROPERTY = "clipfusion.itest.fusionBundle";
    /** The PID that switches the test bundle's brightness scorer on. */
    protected static final String BRIGHTNESS_SCORER_PID = "org.clipfusion.itest.brightness";
    protected static final String BRIGHTNESS_SCORER_ID = "itest-brightness";

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
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", freePort()),
            // One unpacked copy of the 400 MB of natives for all boots of a build.
            editConfigurationFilePut("etc/system.properties", "org.bytedeco.javacpp.cachedir",
                    requiredProperty("clipfusion.javacppCache")),
            bundle("file:" + requiredProperty("clipfusion.checkBundle")),
            // Not installed: the hot-swap test installs, updates and removes it while detections run.
            systemProperty(FUSION_BUNDLE_PROPERTY).value(requiredProperty("clipfusion.fusionBundle")),
            // The runtime registers ComputeRuntime only after loading the natives (seconds; more on a busy machine).
            systemProperty("pax.exam.service.timeout").value("120000"),
            // The tiny parity models, read by tests inside the container.
            systemProperty(PARITY_PROPERTY).value(SharedFixtures.parityDirectory().toString()),
        };
    }

    /** Creates or replaces the configuration of {@code pid} (a plain, not a factory, configuration). */
    protected static void configure(ConfigurationAdmin admin, String pid, Map<String, Object> properties)
            throws IOException {
        admin.getConfiguration(pid, "?").update(new Hashtable<>(properties));
    }

    /** Creates or replaces the category configuration {@code name} ({@code etc/org.clipfusion.category-name.cfg}). */
    protected static void configureCategory(ConfigurationAdmin admin, String name, Map<String, Object> properties)
            throws IOException {
        Hashtable<String, Object> all = new Hashtable<>(properties);
        all.put("name", name);
        admin.getFactoryConfiguration("org.clipfusion.category", name, "?").update(all);
    }

    /** Waits up to a minute for a service matching the filter (e.g. {@code (clipfusion.id=x)}); fails otherwise. */
    protected static <S> S awaitService(Class<S> type, String filter) throws Exception {
        BundleContext context = FrameworkUtil.getBundle(ClipFusionKarafSupport.class).getBundleContext();
        String full = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, context.createFilter(full), null);
        tracker.open();
        try {
            S service = tracker.waitForService(60_000);
            if (service == null) {
                throw new AssertionError("no service " + full + " within 60 s");
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /** Waits until the condition holds, polling, for at most a minute. */
    protected static void awaitCondition(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
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
