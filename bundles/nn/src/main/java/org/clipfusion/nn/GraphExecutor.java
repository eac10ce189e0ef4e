package org.clipfusion.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
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
 * MapDiff) doubled it. Arrays that do not fit are freed as soon as the run no longer needs them.
 */
public final class GraphExecutor implements AutoCloseable {
    /** The most bytes of released arrays one run keeps for reuse; the system property overrides it. */
    static final long CACHE_BYTES = Long.getLong("clipfusion.samediff.cacheBytes", 256L << 20);
    /** SameDiff's defaults for the rest: arrays under 1 KB always cached, a cached array serves up to 2x smaller. */
    private static final long SMALL_ARRAY_BYTES = 1024;
    private static final double LARGER_ARRAY_MULTIPLE = 2.0;

    private final SameDiff graph;
    private final String description;
    private boolean closed;

    public GraphExecutor(SameDiff graph, String description) {
        this.graph = graph;
        this.description = description;
    }

    /**
     * Computes {@code outputs} from {@code feeds}. The returned arrays belong to the caller.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized Map<String, INDArray> run(Map<String, INDArray> feeds, Collection<String> outputs) {
        if (closed) {
            throw new IllegalStateException(description + " was closed");
        }
        long thread = Thread.currentThread().getId();
        graph.getSessions().computeIfAbsent(thread, id -> newSession());
        try {
            return graph.output(feeds, new ArrayList<>(outputs));
        } finally {
            releaseSession(thread);
        }
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

    private InferenceSession newSession() {
        InferenceSession session = SameDiff.getInferenceFactory().create(graph);
        session.setMmgr(new ArrayCacheMemoryMgr(cacheFraction(Pointer.maxBytes()), SMALL_ARRAY_BYTES,
                LARGER_ARRAY_MULTIPLE));
        return session;
    }

    /** {@link #CACHE_BYTES} as the fraction of JavaCPP's cap that the cache takes its size from. */
    static double cacheFraction(long maxBytes) {
        if (maxBytes <= 0) {
            return 0.25;
        }
        return Math.max(1e-9, Math.min(0.25, (double) CACHE_BYTES / maxBytes));
    }

    private void releaseSession(long thread) {
        InferenceSession session = graph.getSessions().remove(thread);
        if (session != null && session.getMmgr() != null) {
            session.getMmgr().close();
        }
    }
}
