package org.clipfusion.api.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
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

    /** Serialises the bank; {@link Scorer#readBank} reads it back. */
    void writeTo(OutputStream out) throws IOException;
}
