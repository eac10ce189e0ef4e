package org.clipfusion.tensor;

import java.util.Arrays;
import java.util.Objects;
import org.clipfusion.tensor.internal.Shapes;

/**
 * One entry of a safetensors header: the tensor's key, dtype, shape and where its bytes lie. Offsets are
 * {@code long} and relative to the start of the data section, exactly as in the header, so tensors beyond
 * 2 GiB are described without overflow. Immutable.
 */
public final class TensorInfo {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long elementCount;
    private final long dataBegin;
    private final long dataEnd;

    /**
     * @param shape the dimensions, outermost first; empty for a scalar (copied)
     * @param dataBegin first byte, relative to the data section
     * @param dataEnd one past the last byte, relative to the data section
     * @throws IllegalArgumentException when the byte range does not hold exactly {@code shape}'s elements of
     *     {@code dtype}, or a dimension is negative
     */
    public TensorInfo(String name, DType dtype, long[] shape, long dataBegin, long dataEnd) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        try {
            this.elementCount = Shapes.elementCount(this.shape);
            long expectedBytes = Math.multiplyExact(elementCount, (long) dtype.bytesPerElement());
            if (dataBegin < 0 || dataEnd - dataBegin != expectedBytes) {
                throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " " + Shapes.format(shape)
                        + " needs " + expectedBytes + " bytes, offsets [" + dataBegin + ", " + dataEnd + "] give "
                        + (dataEnd - dataBegin));
            }
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Shapes.format(shape)
                    + " is too large", overflow);
        }
        this.dataBegin = dataBegin;
        this.dataEnd = dataEnd;
    }

    /** The tensor's key in the file. */
    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions, outermost first; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Product of the dimensions (1 for a scalar, 0 when a dimension is 0). */
    public long elementCount() {
        return elementCount;
    }

    /** First byte, relative to the data section. */
    public long dataBegin() {
        return dataBegin;
    }

    /** One past the last byte, relative to the data section. */
    public long dataEnd() {
        return dataEnd;
    }

    public long byteLength() {
        return dataEnd - dataBegin;
    }

    /** Whether the shape equals {@code expectedShape} dimension by dimension. */
    public boolean hasShape(long... expectedShape) {
        return Arrays.equals(shape, expectedShape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && dataBegin == that.dataBegin
                && dataEnd == that.dataEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), dataBegin, dataEnd);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Shapes.format(shape) + " bytes [" + dataBegin + ", " + dataEnd + ")";
    }
}
