package org.clipfusion.diffusion.unet.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.TensorInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of a diffusers UNet as float32 ND4J arrays (off-heap), keyed by diffusers' {@code state_dict()}
 * names. Reading checks the whole file against {@link UNetCheckpointLayout} first and reports every missing key,
 * unexpected key and shape mismatch in one {@link ModelLoadException}; F16 and BF16 tensors are widened to F32
 * exactly. {@link #close()} frees the arrays.
 */
public final class UNetWeights implements AutoCloseable {
    private final Map<String, INDArray> tensors;
    private final Path file;

    private UNetWeights(Map<String, INDArray> tensors, Path file) {
        this.tensors = tensors;
        this.file = file;
    }

    /**
     * Reads every tensor {@code architecture} needs from {@code file}.
     *
     * @throws ModelLoadException naming the file and every missing / unexpected / mis-shaped key
     * @throws IOException when the file cannot be read or is not a valid safetensors file
     */
    public static UNetWeights read(Path file, UNetArchitecture architecture) throws IOException {
        Map<String, long[]> expected = UNetCheckpointLayout.expectedShapes(architecture);
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            verifyLayout(file, architecture.config().source(), expected, checkpoint.tensors());
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, long[]> entry : expected.entrySet()) {
                    INDArray array = Nd4j.create(DataType.FLOAT, entry.getValue());
                    tensors.put(entry.getKey(), array);
                    // Straight into the off-heap buffer: no heap copy of a 3 GB checkpoint.
                    checkpoint.readFloatsInto(entry.getKey(), array.data().asNioFloat());
                }
            } catch (IOException | RuntimeException e) {
                tensors.values().forEach(INDArray::close);
                throw e;
            }
            return new UNetWeights(Collections.unmodifiableMap(tensors), file);
        }
    }

    /**
     * Compares the tensors of a checkpoint with the expected layout.
     *
     * @param architectureSource what the layout was derived from (the config file), for the message
     * @throws ModelLoadException listing every missing, unexpected and mis-shaped (or non-float) key
     */
    public static void verifyLayout(Path file, String architectureSource, Map<String, long[]> expected,
            Map<String, TensorInfo> present) throws ModelLoadException {
        List<String> missing = new ArrayList<>(new TreeSet<>(expected.keySet()));
        missing.removeAll(present.keySet());
        List<String> unexpected = new ArrayList<>(new TreeSet<>(present.keySet()));
        unexpected.removeAll(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        for (String key : new TreeSet<>(present.keySet())) {
            long[] wanted = expected.get(key);
            if (wanted == null) {
                continue;
            }
            TensorInfo info = present.get(key);
            if (!info.dtype().readableAsFloats()) {
                mismatches.add(key + ": expected a float tensor (F32, F16 or BF16) but the file has " + info.dtype()
                        + Arrays.toString(info.shape()));
            } else if (!info.hasShape(wanted)) {
                mismatches.add(key + ": expected shape " + Arrays.toString(wanted) + " but the file has "
                        + info.dtype() + Arrays.toString(info.shape()));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatches.isEmpty()) {
            throw new ModelLoadException(file.toString(), architectureSource, missing, unexpected, mismatches);
        }
    }

    /** The tensor stored under {@code key}. */
    public INDArray get(String key) {
        INDArray array = tensors.get(key);
        if (array == null) {
            throw new IllegalArgumentException("no weight named '" + key + "' (from " + file + ")");
        }
        return array;
    }

    /** Every key, in {@link UNetCheckpointLayout} order. */
    public Iterable<String> keys() {
        return tensors.keySet();
    }

    /** The checkpoint file these weights were read from. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tensors.values().forEach(array -> {
            if (!array.wasClosed()) {
                array.close();
            }
        });
    }
}
