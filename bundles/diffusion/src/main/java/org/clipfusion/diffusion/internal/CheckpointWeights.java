package org.clipfusion.diffusion.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.TensorInfo;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The used tensors of a {@code .safetensors} checkpoint as float32 ND4J arrays (off-heap), keyed by their current
 * names. Reading first checks the whole file against a {@link WeightLayout} and reports every missing key,
 * unexpected key and shape or dtype mismatch in one {@link ModelLoadException}; F16 and BF16 are widened to F32
 * exactly. The arrays stay owned by this object until {@link #close()}.
 */
public final class CheckpointWeights implements AutoCloseable {
    private final Map<String, INDArray> tensors;
    private final Path file;

    private CheckpointWeights(Map<String, INDArray> tensors, Path file) {
        this.tensors = tensors;
        this.file = file;
    }

    /**
     * Reads the tensors {@code layout} uses from {@code file}.
     *
     * @param architecture what the layout was derived from (the config file), for the error message
     * @throws ModelLoadException naming the file and every missing / unexpected / mis-shaped key
     * @throws IOException when the file cannot be read or is not a valid safetensors file
     */
    public static CheckpointWeights read(Path file, WeightLayout layout, String architecture) throws IOException {
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            Map<String, String> fileKeyByName = verify(file, layout, architecture, checkpoint.tensors());
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, long[]> entry : layout.used().entrySet()) {
                    INDArray array = Nd4j.create(DataType.FLOAT, entry.getValue());
                    tensors.put(entry.getKey(), array);
                    // Straight into the off-heap buffer, no heap copy: a token embedding alone is 152 MB.
                    checkpoint.readFloatsInto(fileKeyByName.get(entry.getKey()), array.data().asNioFloat());
                }
            } catch (IOException | RuntimeException e) {
                tensors.values().forEach(INDArray::close);
                throw e;
            }
            return new CheckpointWeights(Collections.unmodifiableMap(tensors), file);
        }
    }

    /** The tensor the layout calls {@code key}. */
    public INDArray get(String key) {
        INDArray array = tensors.get(key);
        if (array == null) {
            throw new IllegalArgumentException("no weight named '" + key + "' was read from " + file);
        }
        return array;
    }

    /** Adds every tensor to {@code sd} as a constant under its key (the arrays are shared, not copied). */
    public void addConstantsTo(SameDiff sd) {
        tensors.forEach(sd::constant);
    }

    /** The checkpoint file. */
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

    /** @return current name → key in the file, for every known tensor present */
    private static Map<String, String> verify(Path file, WeightLayout layout, String architecture,
            Map<String, TensorInfo> present) throws ModelLoadException {
        Map<String, long[]> known = layout.architecture();
        Map<String, String> fileKeyByName = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        // Current names first, so that a tensor present under both names reports its legacy copy as unexpected.
        List<String> fileKeys = new ArrayList<>(present.keySet());
        fileKeys.sort((a, b) -> Boolean.compare(layout.legacyNames().containsKey(a),
                layout.legacyNames().containsKey(b)));
        for (String fileKey : fileKeys) {
            String name = layout.legacyNames().getOrDefault(fileKey, fileKey);
            TensorInfo info = present.get(fileKey);
            if (known.containsKey(name) && !fileKeyByName.containsKey(name)) {
                fileKeyByName.put(name, fileKey);
                checkFloatTensor(fileKey, known.get(name), info, mismatches);
            } else if (layout.tolerated().containsKey(fileKey)) {
                long[] wanted = layout.tolerated().get(fileKey);
                if (!info.hasShape(wanted)) {
                    mismatches.add(describe(fileKey, wanted, info));
                }
            } else {
                unexpected.add(fileKey);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : layout.used().keySet()) {
            if (!fileKeyByName.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatches.isEmpty()) {
            Collections.sort(missing);
            Collections.sort(unexpected);
            Collections.sort(mismatches);
            throw new ModelLoadException(file.toString(), architecture, missing, unexpected, mismatches);
        }
        return fileKeyByName;
    }

    private static void checkFloatTensor(String fileKey, long[] wanted, TensorInfo info, List<String> mismatches) {
        if (!info.dtype().readableAsFloats()) {
            mismatches.add(fileKey + ": expected a float tensor (F32, F16 or BF16) but the file has " + info.dtype()
                    + Arrays.toString(info.shape()));
        } else if (!info.hasShape(wanted)) {
            mismatches.add(describe(fileKey, wanted, info));
        }
    }

    private static String describe(String fileKey, long[] wanted, TensorInfo info) {
        return fileKey + ": expected shape " + Arrays.toString(wanted) + " but the file has " + info.dtype()
                + Arrays.toString(info.shape());
    }
}
