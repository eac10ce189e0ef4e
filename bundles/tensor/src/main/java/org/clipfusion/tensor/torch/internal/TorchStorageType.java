package org.clipfusion.tensor.torch.internal;

import java.util.Map;
import java.util.Optional;
import org.clipfusion.tensor.DType;

/** The legacy typed-storage classes ({@code torch.FloatStorage}, ...) a checkpoint names, with their dtypes. */
public record TorchStorageType(String className, DType dtype) {
    private static final Map<String, DType> DTYPES = Map.of(
            "DoubleStorage", DType.F64,
            "FloatStorage", DType.F32,
            "HalfStorage", DType.F16,
            "BFloat16Storage", DType.BF16,
            "LongStorage", DType.I64,
            "IntStorage", DType.I32,
            "ShortStorage", DType.I16,
            "CharStorage", DType.I8,
            "ByteStorage", DType.U8,
            "BoolStorage", DType.BOOL);

    /** The type named {@code torch.<className>}, if it has a safetensors dtype. */
    public static Optional<TorchStorageType> forClassName(String className) {
        return Optional.ofNullable(DTYPES.get(className)).map(dtype -> new TorchStorageType(className, dtype));
    }
}
