package org.clipfusion.runtime.internal;

import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What libnd4j was compiled with, as its {@code buildInfo()} says. The runtime ships the oneDNN build (convolutions,
 * softmax and batched matmul run as oneDNN kernels); a build without it still computes correctly but 3-4x slower,
 * which the status must show rather than hide.
 */
final class NativeBuild {
    private NativeBuild() {
    }

    /** libnd4j's build description (compiler, flags, helpers), one line per item. */
    static String info() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
    }

    /** Whether libnd4j routes its convolutions, softmax and matmuls through oneDNN. */
    static boolean hasOneDnn() {
        return info().contains("HAVE_ONEDNN");
    }
}
