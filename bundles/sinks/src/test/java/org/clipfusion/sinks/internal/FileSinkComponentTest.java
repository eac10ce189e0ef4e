package org.clipfusion.sinks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkFailure;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A file sink checks its folder when it starts: one it can never write is a FAILED sink, not an IDLE one. */
class FileSinkComponentTest {
    @TempDir
    Path folder;

    private final List<Object> registered = new ArrayList<>();

    @Test
    void aWritableFolderRegistersTheSink() {
        activate(folder.resolve("results").toString());
        assertInstanceOf(ResultSink.class, registered.get(0));
        assertTrue(Files.isDirectory(folder.resolve("results")), "created at activation");
    }

    @Test
    void aFolderThatCannotBeCreatedRegistersAFailureNamingIt() throws Exception {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        activate(file.resolve("results").toString());
        SinkFailure failure = assertInstanceOf(SinkFailure.class, registered.get(0));
        assertEquals("archive", failure.id());
        assertEquals("file", failure.kind());
        assertTrue(failure.reason().startsWith("file sink 'archive': directory " + file.resolve("results")
                + " cannot be written ("), failure.reason());
    }

    @Test
    void aMissingDirectoryRegistersAFailure() {
        activate("");
        SinkFailure failure = assertInstanceOf(SinkFailure.class, registered.get(0));
        assertEquals("file sink 'archive': set directory, the folder results go to", failure.reason());
    }

    private void activate(String directory) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.add(args[1]);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                    }
                    return null;
                });
        new FileSinkComponent().activate(context, ConfigAnnotations.of(FileSinkConfig.class, "directory",
                directory), Map.of("service.pid", "org.clipfusion.sinks.file~archive"));
    }
}
