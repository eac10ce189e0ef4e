package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The runtime's class path is the bundle's: the natives it loads here are the ones the bundle embeds. */
class NativeBuildTest {

    @Test
    void theEmbeddedNativesHaveOneDnn() {
        assertTrue(NativeBuild.hasOneDnn(), "libnd4j buildInfo lacks HAVE_ONEDNN:\n" + NativeBuild.info());
    }
}
