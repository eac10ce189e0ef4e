package org.clipfusion.runtime;

/**
 * What the runtime is running on, for {@code clipfusion:status} and for logs.
 *
 * @param backend           {@code CPU} or {@code CUDA}
 * @param device            what the backend computes on, e.g. the CPU model and BLAS library, or the GPU
 * @param computeThreads    ND4J's maximum number of op threads
 * @param blasThreads       the BLAS library's thread count
 * @param ompWaitPolicy     {@code OMP_WAIT_POLICY} as seen by the process ({@code unset} when absent)
 * @param nativeBytesInUse  off-heap bytes held by ND4J/JavaCPP now
 * @param maxNativeBytes    the cap on those bytes ({@code org.bytedeco.javacpp.maxbytes})
 * @param physicalBytes     the process's resident memory as JavaCPP measures it
 * @param maxPhysicalBytes  the resident-memory cap ({@code org.bytedeco.javacpp.maxphysicalbytes})
 * @param nativeCache       where the native libraries were unpacked
 * @param warmUpMillis      how long the start-up check computation took
 * @param notice            a remark for the operator (e.g. why CUDA is not used), or empty
 */
public record RuntimeStatus(String backend, String device, int computeThreads, int blasThreads, String ompWaitPolicy,
                            long nativeBytesInUse, long maxNativeBytes, long physicalBytes, long maxPhysicalBytes,
                            String nativeCache, long warmUpMillis, String notice) {
}
