package org.clipfusion.api.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.MapRole;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a scorer learned from k normal reference images (its memory bank). Opaque to the engine, which only stores it
 * (so that a restart does not refit) and hands it back with each query.
 */
@ConsumerType
public interface ReferenceBank {

    /** The id of the scorer that made it. */
    String scorerId();

    /** The references it was built from, in order. */
    List<String> referenceImageIds();

    /**
     * How unusual the references themselves look to this scorer: per map role, the largest value of a reference's own
     * map (for a memory-bank map, computed leave-one-out, against the bank of the other references). The engine
     * divides a query's maps by these when the category scales maps by its references, so that 1.0 means "as unusual
     * as the most unusual normal reference". Roles without a statistic (e.g. a memory-bank map from one reference)
     * are absent and stay raw.
     *
     * @since 1.5
     */
    default Map<MapRole, Double> referenceMaxima() {
        return Map.of();
    }

    /** Serialises the bank; {@link Scorer#readBank} reads it back. */
    void writeTo(OutputStream out) throws IOException;
}
