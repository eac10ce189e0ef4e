package org.clipfusion.nn;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;

/**
 * New SameDiff graphs for the models' forward passes, holding their weights once.
 *
 * <p>By default SameDiff 1.0.0-M2.1 keeps constants in a {@code ThreadSafeArrayHolder}, which stores a copy of every
 * array it is given beside the array itself: a model's weights then sat in memory twice (the SD 1.5 UNet's graph
 * took the process from 3.6 GB to 7.0 GB while being built, and no garbage collection gave it back). A graph from
 * here keeps its constants in a plain map instead: written while the graph is built, then only read, by runs that
 * {@link GraphExecutor} serialises.
 */
public final class ModelGraphs {
    private ModelGraphs() {
    }

    /** An empty graph whose {@code constant(name, array)} holds {@code array} itself. */
    public static SameDiff create() {
        SameDiff graph = SameDiff.create();
        graph.setConstantArrays(new SingleThreadArrayHolder());
        return graph;
    }
}
