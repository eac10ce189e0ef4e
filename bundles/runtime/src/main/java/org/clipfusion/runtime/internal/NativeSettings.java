package org.clipfusion.runtime.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * JavaCPP reads its cache directory and memory caps from system properties once, when it first loads. They must be
 * in place before anything touches ND4J; this runs first in the runtime's activation.
 */
final class NativeSettings {
    static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    private NativeSettings() {
    }

    static void apply(RuntimeConfig config) {
        if (System.getProperty(CACHE_DIR) == null) {
            // ~/.javacpp would grow by 400 MB per user and survive an uninstall; keep it with the instance's data.
            String data = System.getProperty("karaf.data");
            Path base = data != null ? Paths.get(data) : Paths.get(System.getProperty("java.io.tmpdir"));
            System.setProperty(CACHE_DIR, base.resolve("javacpp-cache").toString());
        }
        setSize(MAX_BYTES, config.maxNativeBytes(), "maxNativeBytes");
        setSize(MAX_PHYSICAL_BYTES, config.maxPhysicalBytes(), "maxPhysicalBytes");
    }

    private static void setSize(String property, String configured, String setting) {
        if (configured != null && !configured.isBlank()) {
            System.setProperty(property, Long.toString(ByteSize.parse(configured, setting)));
        }
    }
}
