package org.clipfusion.nn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs one SameDiff graph, one call at a time, and frees what a run leaves behind.
 *
 * <p>SameDiff keeps an inference session per calling thread, each with a cache of intermediate arrays; in a
 * service called from a thread pool those caches would pile up off-heap. So every run ends by closing the calling
 * thread's session: nothing but the graph's constants outlives a call. The session is created here, through
 * SameDiff's own factory, before the run: SameDiff would otherwise create it itself and log "Creating new
 * InferenceSession for thread N" at INFO for every run (8 to 12 lines per detection). Runs are serialised by a lock:
 * SameDiff's own concurrency is not something to rely on, and one forward already uses every core.
 *
 * <p>The session's cache of released arrays (kept for reuse by later ops of the same run) is bounded by
 * {@link #CACHE_BYTES} instead of SameDiff's default, a quarter of JavaCPP's {@code maxBytes}: with a 20 GB cap that
 * let each running graph keep up to 5 GB of dead activations, and two scorers running at once (PatchCLIP beside
 * MapDiff) doubled it. Arrays that do not fit are freed as soon as the run no longer needs them. 512 MB: the VAE
 * encoder at 512² (128 MB activations) and a UNet pass of one batch element run as fast with it as with 2 GB and the
 * VAE peaks 650 MB lower. A graph whose activations grow with its batch asks for a cache that grows with it
 * ({@link #run(Map, Collection, long)}): a UNet pass of two elements with 512 MB ran as slowly as two passes of one,
 * with 1 GB about 8 % faster (12 % less CPU time); with 256 MB a pass of four lost 15-17 s of 44 s between ops,
 * every array not reused freed and mapped anew. Measured in docs/benchmarks.md, "Op-by-op profile".
 *
 * <p>With {@code -Dclipfusion.samediff.profile=DIRECTORY} every run is profiled op by op ({@link OpProfiler}) and
 * summarised into {@code DIRECTORY/<graph>-<pid>-<run>.md} and {@code .tsv} ({@link OpProfileReport}). Off by
 * default; off, a run passes no listener to SameDiff and costs one null check more.
 */
public final class GraphExecutor implements AutoCloseable {
    /** The most bytes of released arrays one run keeps for reuse; the system property overrides it. */
    static final long CACHE_BYTES = Long.getLong("clipfusion.samediff.cacheBytes", 512L << 20);
    /** SameDiff's defaults for the rest: arrays under 1 KB always cached, a cached array serves up to 2x smaller. */
    private static final long SMALL_ARRAY_BYTES = 1024;
    private static final double LARGER_ARRAY_MULTIPLE = 2.0;
    /** Where profiles go, or {@code null}: profiling off. */
    static final String PROFILE_PROPERTY = "clipfusion.samediff.profile";
    private static final System.Logger LOG = System.getLogger(GraphExecutor.class.getName());

    private final SameDiff graph;
    private final String description;
    private final Path profileDirectory;
    private int runs;
    private boolean closed;

    public GraphExecutor(SameDiff graph, String description) {
        this(graph, description, profileDirectory(System.getProperty(PROFILE_PROPERTY)));
    }

    /** As the public constructor, with {@code profileDirectory} instead of the system property (null: off). */
    GraphExecutor(SameDiff graph, String description, Path profileDirectory) {
        this.graph = graph;
        this.description = description;
        this.profileDirectory = profileDirectory;
    }

    static Path profileDirectory(String property) {
        return property == null || property.isBlank() ? null : Path.of(property);
    }

    /**
     * The reuse cache a run gets unless its caller asks for another: 512 MB, or the system property {@code
     * clipfusion.samediff.cacheBytes}.
     */
    public static long defaultCacheBytes() {
        return CACHE_BYTES;
    }

    /**
     * Computes {@code outputs} from {@code feeds} with the {@linkplain #defaultCacheBytes() default reuse cache}. The
     * returned arrays belong to the caller.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
        return run(feeds, outputs, CACHE_BYTES);
    }

    /**
     * As {@link #run(Map, Collection)}, keeping at most {@code cacheBytes} of released arrays for reuse by later ops
     * of the run (never more than SameDiff's own default, a quarter of JavaCPP's {@code maxBytes}).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs,
            long cacheBytes) {
        if (closed) {
            throw new IllegalStateException(description + " was closed");
        }
        long thread = Thread.currentThread().getId();
        graph.getSessions().computeIfAbsent(thread, id -> newSession(cacheBytes));
        runs++;
        try {
            if (profileDirectory == null) {
                return graph.output(feeds, new ArrayList<>(outputs));
            }
            return profiledRun(feeds, outputs);
        } finally {
            releaseSession(thread);
        }
    }

    private Map<String, INDArray> profiledRun(Map<String, INDArray> feeds, Collection<String> outputs) {
        OpProfiler profiler = new OpProfiler();
        ProcessCounters before = ProcessCounters.now();
        long start = System.nanoTime();
        profiler.runStarting();
        Map<String, INDArray> results = graph.output(feeds, List.<Listener>of(profiler),
                outputs.toArray(new String[0]));
        long wallNanos = System.nanoTime() - start;
        ProcessCounters after = ProcessCounters.now();
        String feedShapes = feeds.entrySet().stream()
                .map(feed -> feed.getKey() + " " + Arrays.toString(feed.getValue().shape()))
                .collect(Collectors.joining(", "));
        String title = String.format("%s, run %d (pid %d, thread %s)", description, runs,
                ProcessHandle.current().pid(), Thread.currentThread().getName());
        String baseName = description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
                + ProcessHandle.current().pid() + "-" + runs;
        try {
            new OpProfileReport(title, feedShapes, wallNanos, profiler.timings(), before, after)
                    .write(profileDirectory, baseName);
        } catch (IOException e) {
            // A profile is a diagnosis: the run's results still count.
            LOG.log(Level.WARNING, "could not write the op profile " + baseName + " into " + profileDirectory, e);
        }
        return results;
    }

    /** Frees the graph's constants (the weights among them) and any session left; later runs fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Long thread : new ArrayList<>(graph.getSessions().keySet())) {
            releaseSession(thread);
        }
        for (SDVariable variable : graph.variables()) {
            if (variable.getVariableType() == VariableType.CONSTANT) {
                INDArray array = variable.getArr();
                if (array != null && array.closeable() && !array.wasClosed()) {
                    array.close();
                }
            }
        }
    }

    /** A session whose reuse cache keeps at most {@code cacheBytes} (package-private for tests). */
    InferenceSession newSession(long cacheBytes) {
        InferenceSession session = SameDiff.getInferenceFactory().create(graph);
        session.setMmgr(new ArrayCacheMemoryMgr(cacheFraction(cacheBytes, Pointer.maxBytes()), SMALL_ARRAY_BYTES,
                LARGER_ARRAY_MULTIPLE));
        return session;
    }

    /** {@code cacheBytes} as the fraction of JavaCPP's cap that SameDiff's cache takes its size from. */
    static double cacheFraction(long cacheBytes, long maxBytes) {
        if (maxBytes <= 0) {
            return 0.25;
        }
        return Math.max(1e-9, Math.min(0.25, (double) cacheBytes / maxBytes));
    }

    private void releaseSession(long thread) {
        InferenceSession session = graph.getSessions().remove(thread);
        if (session != null && session.getMmgr() != null) {
            session.getMmgr().close();
        }
    }
}
