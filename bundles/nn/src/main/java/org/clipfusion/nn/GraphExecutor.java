package org.clipfusion.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs one SameDiff graph, one call at a time, and frees what a run leaves behind.
 *
 * <p>SameDiff keeps an inference session per calling thread, each with a cache of intermediate arrays; in a
 * service called from a thread pool those caches would pile up off-heap. So every run ends by closing the calling
 * thread's session: nothing but the graph's constants outlives a call. The session is created here, through
 * SameDiff's own factory, before the run: SameDiff would otherwise create it itself and log "Creating new
 * InferenceSession for thread N" at INFO for every run (8 to 12 lines per detection). Runs are serialised by a lock: SameDiff's
 * own concurrency is not something to rely on, and one forward already uses every core.
 */
public final class GraphExecutor implements AutoCloseable {
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
        graph.getSessions().computeIfAbsent(thread, id -> SameDiff.getInferenceFactory().create(graph));
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

    private void releaseSession(long thread) {
        InferenceSession session = graph.getSessions().remove(thread);
        if (session != null && session.getMmgr() != null) {
            session.getMmgr().close();
        }
    }
}
