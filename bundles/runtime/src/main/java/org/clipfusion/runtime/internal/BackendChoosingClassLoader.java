package org.clipfusion.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader handed to ND4J. ND4J picks its backend with a {@code ServiceLoader} over this loader and prefers
 * CUDA whenever the CUDA backend is on the class path; the only other way to steer it is an environment variable,
 * which a running JVM cannot set. So this loader answers the backend service lookup with exactly the one backend we
 * chose, and delegates everything else to the runtime bundle's own loader.
 */
final class BackendChoosingClassLoader extends ClassLoader {
    static final String BACKEND_SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    private final String backendClassName;

    BackendChoosingClassLoader(ClassLoader bundleLoader, String backendClassName) {
        super(bundleLoader);
        this.backendClassName = backendClassName;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (BACKEND_SERVICE.equals(name)) {
            return Collections.enumeration(Collections.singletonList(serviceFileNaming(backendClassName)));
        }
        return super.getResources(name);
    }

    private static URL serviceFileNaming(String className) throws IOException {
        byte[] content = (className + "\n").getBytes(StandardCharsets.UTF_8);
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) {
                return new URLConnection(url) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(content);
                    }
                };
            }
        };
        return new URL("clipfusion-backend", "", -1, "/" + className, handler);
    }
}
