package org.clipfusion.kafka.internal;

import java.util.List;
import org.clipfusion.kafka.ClusterStatus.RecipeStatus;

/**
 * Keeps this node's categories in step with the cluster's shared recipes. Called from the request loop's thread
 * only, so a recipe is never applied while this node inspects a request.
 */
public interface RecipeSync extends AutoCloseable {

    /** No sharing: the node inspects with its own categories. */
    RecipeSync NONE = new RecipeSync() {
        @Override
        public void synchronize() {
        }

        @Override
        public List<RecipeStatus> statuses() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };

    /**
     * Reads the recipe topic up to its current end, applies every complete newer recipe, and shares local changes
     * that are due. Returns when this node holds every recipe published before the call (or when the brokers cannot
     * be reached, which the caller sees as an exception).
     */
    void synchronize() throws Exception;

    List<RecipeStatus> statuses();

    @Override
    void close();
}
