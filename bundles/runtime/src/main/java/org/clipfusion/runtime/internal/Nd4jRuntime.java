package org.clipfusion.runtime.internal;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.runtime.RuntimeStatus;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings ND4J up inside OSGi and publishes {@link ComputeRuntime} once it works. Immediate, so that the natives load
 * at start-up rather than on the first inspection; and asynchronous, because loading them takes seconds (minutes on a
 * cold cache of a slow disk) and must not hold the thread that is starting Karaf's features, which may be stopping
 * and refreshing other bundles (logging, SCR itself) at the same time. The service is registered by this component
 * when the warm-up has passed (the bundle declares it with {@code Provide-Capability} for the feature resolver).
 */
@Component(service = {}, immediate = true, configurationPid = "org.clipfusion.runtime")
@Designate(ocd = RuntimeConfig.class)
public class Nd4jRuntime implements ComputeRuntime {
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

    private static final long STOP_WAIT_SECONDS = 120;

    private volatile String notice = "";
    private volatile long warmUpMillis;
    private volatile boolean stopping;
    private volatile boolean ready;
    private volatile RuntimeConfig currentConfig;
    private Thread starter;
    private ServiceRegistration<ComputeRuntime> registration;
    /** The runtime's own periodic collection, where the backend ignores ND4J's; null when off. */
    private DeadTensorCollector collector;

    @Activate
    void activate(BundleContext context, RuntimeConfig config) {
        currentConfig = config;
        starter = new Thread(() -> start(context, config), "clipfusion-runtime-start");
        starter.setDaemon(true);
        starter.setContextClassLoader(Nd4jRuntime.class.getClassLoader());
        starter.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        // Native loading cannot be interrupted; let it finish so that nothing is left half-initialised.
        starter.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        synchronized (this) {
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
            stopCollector();
        }
    }

    private void start(BundleContext context, RuntimeConfig config) {
        try {
            initialise(config);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("ClipFusion runtime NOT ready, models cannot run: {}", e.toString(), e);
            return;
        }
        synchronized (this) {
            if (!stopping) {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put("clipfusion.backend", status().backend());
                registration = context.registerService(ComputeRuntime.class, this, properties);
            }
        }
    }

    private void initialise(RuntimeConfig config) {
        NativeSettings.apply(config);
        ClassLoader bundleLoader = Nd4jRuntime.class.getClassLoader();
        String backendClass = chooseBackend(config, bundleLoader);
        // ND4J captured the thread context class loader in a static initialiser; in Karaf that is the application
        // class loader, which cannot see the backend. This must happen before anything touches Nd4j.
        ND4JClassLoading.setNd4jClassloader(new BackendChoosingClassLoader(bundleLoader, backendClass));
        applyLiveSettings(currentConfig);
        warmUpMillis = WarmUp.run();
        ready = true;
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
        currentConfig = config;
        if (!ready) {
            return; // the start-up thread applies the newest configuration itself; ND4J must not be touched before
        }
        applyLiveSettings(config);
        LOG.info("ClipFusion runtime threads now {} op / {} BLAS, GC window {} ms (memory caps and backend apply at "
                        + "the next restart)",
                Nd4j.getEnvironment().maxThreads(), Nd4j.factory().blas().getMaxThreads(), config.gcWindowMillis());
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

    private synchronized void applyLiveSettings(RuntimeConfig config) {
        stopCollector();
        if (config.gcWindowMillis() > 0) {
            Nd4j.getMemoryManager().setAutoGcWindow(config.gcWindowMillis());
            Nd4j.getMemoryManager().togglePeriodicGc(true);
            if (!Nd4j.getMemoryManager().isPeriodicGcActive() && !stopping) {
                // The CPU backend ignores the toggle (see DeadTensorCollector).
                collector = DeadTensorCollector.start(config.gcWindowMillis());
            }
        } else {
            Nd4j.getMemoryManager().togglePeriodicGc(false);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int compute = config.computeThreads() > 0 ? config.computeThreads() : cores;
        int blas = config.blasThreads() > 0 ? config.blasThreads() : cores;
        Nd4j.getEnvironment().setMaxThreads(compute);
        Nd4j.getEnvironment().setMaxMasterThreads(compute);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    private synchronized void stopCollector() {
        if (collector != null) {
            collector.close();
            collector = null;
        }
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
                        + Nd4j.factory().blas().getBlasVendor() + (NativeBuild.hasOneDnn() ? " + oneDNN" : "")
                : notice;
        String ompWaitPolicy = System.getenv("OMP_WAIT_POLICY");
        return new RuntimeStatus(cpu ? "CPU" : "CUDA", device, Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), ompWaitPolicy == null ? "unset" : ompWaitPolicy,
                Pointer.totalBytes(), Pointer.maxBytes(), Pointer.physicalBytes(), Pointer.maxPhysicalBytes(),
                nativeCacheDirectory(), warmUpMillis, notice);
    }
}
