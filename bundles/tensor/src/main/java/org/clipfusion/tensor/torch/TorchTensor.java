package org.clipfusion.tensor.torch;

import java.util.Arrays;
import java.util.Objects;
import org.clipfusion.tensor.DType;

/**
 * A tensor of a PyTorch checkpoint: a strided view into a {@link TorchStorage}, as {@code
 * torch._utils._rebuild_tensor_v2} describes it. Several tensors may share one storage (a transpose, a slice);
 * element {@code (i0, i1, ...)} lies at {@code storageOffset + i0 * stride[0] + i1 * stride[1] + ...} elements into
 * the storage. Immutable.
 */
public final class TorchTensor {
    private final TorchStorage storage;
    private final long storageOffset;
    private final long[] shape;
    private final long[] stride;

    /**
     * @throws IllegalArgumentException when shape and stride differ in rank, a size, stride or the offset is
     *     negative, or the view reaches past the end of the storage
     */
    public TorchTensor(TorchStorage storage, long storageOffset, long[] shape, long[] stride) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.storageOffset = storageOffset;
        this.shape = shape.clone();
        this.stride = stride.clone();
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || stride[d] < 0) {
                throw new IllegalArgumentException("negative size or stride: shape " + Arrays.toString(shape)
                        + ", stride " + Arrays.toString(stride));
            }
        }
        if (storageOffset < 0) {
            throw new IllegalArgumentException("negative storage offset " + storageOffset);
        }
        if (elementCount() > 0 && storageOffset + span() > storage.elementCount()) {
            throw new IllegalArgumentException("view (offset " + storageOffset + ", shape " + Arrays.toString(shape)
                    + ", stride " + Arrays.toString(stride) + ") reaches element " + (storageOffset + span() - 1)
                    + " of storage '" + storage.key() + "', which has " + storage.elementCount() + " elements");
        }
    }

    public TorchStorage storage() {
        return storage;
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** In elements, not bytes. */
    public long storageOffset() {
        return storageOffset;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** In elements, not bytes. */
    public long[] stride() {
        return stride.clone();
    }

    public long elementCount() {
        long count = 1;
        for (long size : shape) {
            count = Math.multiplyExact(count, size);
        }
        return count;
    }

    /** How many storage elements the view covers from its offset on: one past the largest index it reaches. */
    public long span() {
        long last = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return 0;
            }
            last += (shape[d] - 1) * stride[d];
        }
        return last + 1;
    }

    /** Whether the elements lie row-major and back to back, so the bytes can be copied as they are. */
    public boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            // Dimensions of size 1 may carry any stride: they are never stepped along.
            if (shape[d] != 1 && stride[d] != expected) {
                return elementCount() == 0;
            }
            expected *= shape[d];
        }
        return true;
    }

    @Override
    public String toString() {
        return dtype() + Arrays.toString(shape) + " (storage '" + storage.key() + "', offset " + storageOffset
                + ", stride " + Arrays.toString(stride) + ")";
    }
}
