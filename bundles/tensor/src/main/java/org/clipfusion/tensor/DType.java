package org.clipfusion.tensor;

import java.util.Optional;

/**
 * Element types of the safetensors format, under their header names ({@code "F16"}, {@code "BF16"}, ...).
 *
 * <p>Every dtype the format defines is listed so that a file using one can be opened and an error can name
 * it; only {@link #F32}, {@link #F16} and {@link #BF16} ({@link #readableAsFloats()}) and {@link #I64}
 * ({@link #readableAsLongs()}) can be read as values.
 */
public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    F8_E5M2(1),
    F8_E4M3(1),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U64(8),
    U32(4),
    U16(2),
    U8(1),
    BOOL(1);

    private final int bytesPerElement;

    DType(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }

    /** Storage size of one element in the data section. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Whether {@link SafetensorsFile#readFloats(String)} accepts this dtype (widening it to float). */
    public boolean readableAsFloats() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** Whether {@link SafetensorsFile#readLongs(String)} accepts this dtype. */
    public boolean readableAsLongs() {
        return this == I64;
    }

    /** The dtype spelled {@code name} in a safetensors header (case-sensitive, as the format is), if any. */
    public static Optional<DType> forName(String name) {
        for (DType dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}
