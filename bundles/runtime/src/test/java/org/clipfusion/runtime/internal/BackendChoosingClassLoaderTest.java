package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendChoosingClassLoaderTest {

    @Test
    void offersExactlyTheChosenBackendToTheServiceLookup() throws Exception {
        ClassLoader loader = new BackendChoosingClassLoader(getClass().getClassLoader(), Nd4jRuntime.CUDA_BACKEND);

        List<URL> files = Collections.list(loader.getResources(BackendChoosingClassLoader.BACKEND_SERVICE));

        assertEquals(1, files.size());
        try (InputStream in = files.get(0).openStream()) {
            assertEquals(Nd4jRuntime.CUDA_BACKEND, new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    @Test
    void delegatesEverythingElse() throws Exception {
        ClassLoader loader = new BackendChoosingClassLoader(getClass().getClassLoader(), Nd4jRuntime.CPU_BACKEND);

        assertNotNull(loader.loadClass(Nd4jRuntime.CPU_BACKEND));
        assertNotNull(loader.getResource("org/nd4j/linalg/factory/Nd4j.class"));
    }
}
