package org.clipfusion.runtime.internal;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings ND4J up inside OSGi and publishes {@link ComputeRuntime} once it works. Immediate, so that the natives load
 * at start-up rather than on the first inspection.
 */
@Component(service = ComputeRuntime.class, immediate = true, configurationPid = "org.clipfusion.runtime")
@Designate(ocd = RuntimeConfig.class)
public class Nd4jRuntime implements ComputeRuntime {
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

    private volatile String notice = "";
    private volatile long warmUpMillis;

    @Activate
    void activate(RuntimeConfig config) {
        NativeSettings.apply(config);
        ClassLoader bundleLoader = Nd4jRuntime.class.getClassLoader();
        String backendClass = chooseBackend(config, bundleLoader);
        // ND4J captured the thread context class loader in a static initialiser; in Karaf that is the application
        // class loader, which cannot see the backend. This must happen before anything touches Nd4j.
        ND4JClassLoading.setNd4jClassloader(new BackendChoosingClassLoader(bundleLoader, backendClass));
        applyThreads(config);
        warmUpMillis = WarmUp.run();
        RuntimeStatus status = status();
        LOG.info("ClipFusion runtime ready: {} backend on {}, {} op threads, {} BLAS threads, native memory cap {} MiB, "
                        + "OMP_WAIT_POLICY={}, warm-up {} ms{}", status.backend(), status.device(),
                status.computeThreads(), status.blasThreads(), status.maxNativeBytes() >> 20,
                status.ompWaitPolicy(), warmUpMillis, notice.isEmpty() ? "" : " (" + notice + ")");
        if (!"PASSIVE".equalsIgnoreCase(status.ompWaitPolicy()) && !"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            LOG.warn("OMP_WAIT_POLICY is not PASSIVE: ND4J's and OpenBLAS's threads may spin against each other and "
                    + "make small ops 2-4x slower; bin/setenv of the ClipFusion distribution sets it");
        }
    }

    @Modified
    void modified(RuntimeConfig config) {
        applyThreads(config);
        LOG.info("ClipFusion runtime threads now {} op / {} BLAS (memory caps and backend apply at the next restart)",
                Nd4j.getEnvironment().maxThreads(), Nd4j.factory().blas().getMaxThreads());
    }

    private String chooseBackend(RuntimeConfig config, ClassLoader bundleLoader) {
        String wanted = config.backend().trim().toLowerCase(java.util.Locale.ROOT);
        if (wanted.equals("cpu")) {
            return CPU_BACKEND;
        }
        if (!wanted.equals("cuda")) {
            throw new IllegalArgumentException("backend: '" + config.backend() + "' is neither cpu nor cuda");
        }
        if (bundleLoader.getResource(CUDA_BACKEND.replace('.', '/') + ".class") == null) {
            notice = "CUDA requested but this runtime bundle has no CUDA backend: install the "
                    + "clipfusion-runtime-cuda feature; running on CPU";
            LOG.warn(notice);
            return CPU_BACKEND;
        }
        GpuProbe.Verdict gpu = GpuProbe.probe();
        if (!gpu.usable()) {
            notice = "CUDA not usable: " + gpu.description() + "; running on CPU";
            LOG.warn(notice);
            return CPU_BACKEND;
        }
        notice = "CUDA on " + gpu.description();
        return CUDA_BACKEND;
    }

    private static void applyThreads(RuntimeConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        int compute = config.computeThreads() > 0 ? config.computeThreads() : cores;
        int blas = config.blasThreads() > 0 ? config.blasThreads() : cores;
        Nd4j.getEnvironment().setMaxThreads(compute);
        Nd4j.getEnvironment().setMaxMasterThreads(compute);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    private static String nativeCacheDirectory() {
        try {
            return Loader.getCacheDir().getAbsolutePath();
        } catch (java.io.IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    @Override
    public RuntimeStatus status() {
        boolean cpu = Nd4j.getEnvironment().isCPU();
        String device = cpu
                ? System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                        + Nd4j.factory().blas().getBlasVendor()
                : notice;
        String ompWaitPolicy = System.getenv("OMP_WAIT_POLICY");
        return new RuntimeStatus(cpu ? "CPU" : "CUDA", device, Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), ompWaitPolicy == null ? "unset" : ompWaitPolicy,
                Pointer.totalBytes(), Pointer.maxBytes(), Pointer.physicalBytes(), Pointer.maxPhysicalBytes(),
                nativeCacheDirectory(), warmUpMillis, notice);
    }
}
