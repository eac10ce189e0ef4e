package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The engine's tests, and {@link DetectorWorkload} which times the whole inspection on this class path, load the
 * natives the distribution ships: libnd4j with oneDNN. With the generic build a convolution runs as im2col + GEMM
 * and the benchmark measured that instead of what a line runs.
 */
class EngineNativesTest {

    @Test
    void theTestClassPathLoadsTheOneDnnNatives() {
        Nd4j.getBackend(); // loads the natives, which the holder below only looks up
        String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertTrue(buildInfo.contains("HAVE_ONEDNN"), "libnd4j buildInfo lacks HAVE_ONEDNN:\n" + buildInfo);
    }
}
