package org.clipfusion.tensor.torch;

import java.util.Objects;
import org.clipfusion.tensor.DType;

/**
 * One storage of a PyTorch checkpoint: the flat buffer behind one or more tensors, stored in the zip as
 * {@code <archive>/data/<key>}, {@code elementCount} elements of {@code dtype}, little-endian.
 */
public record TorchStorage(String key, DType dtype, long elementCount) {
    public TorchStorage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dtype, "dtype");
        if (elementCount < 0) {
            throw new IllegalArgumentException("storage '" + key + "': negative element count " + elementCount);
        }
    }

    public long byteLength() {
        return elementCount * dtype.bytesPerElement();
    }
}
