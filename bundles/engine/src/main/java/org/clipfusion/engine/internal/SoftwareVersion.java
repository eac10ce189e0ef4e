package org.clipfusion.engine.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** ClipFusion's version as results record it: the engine bundle's version. */
final class SoftwareVersion {
    /** Outside OSGi (unit tests, tools) there is no bundle to ask. */
    static final String UNKNOWN = "unknown (not running as a bundle)";

    private SoftwareVersion() {
    }

    static String ofEngine() {
        Bundle bundle = FrameworkUtil.getBundle(SoftwareVersion.class);
        return bundle == null ? UNKNOWN : "clipfusion-engine " + bundle.getVersion();
    }
}
