package org.clipfusion.clip.model.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.TensorInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of an open_clip model as float32 ND4J arrays (off-heap), keyed by open_clip's names. Reading
 * checks the whole file against {@link CheckpointLayout} first and reports every missing key, unexpected key and
 * shape mismatch in one {@link ModelLoadException}; F16 and BF16 tensors are widened to F32 exactly. The arrays
 * stay owned by this object: {@link #close()} frees them, after which graphs built on them must not run.
 */
public final class OpenClipWeights implements AutoCloseable {
    /** The prefix {@code torch.nn.DataParallel} adds; open_clip strips it when loading, so do we. */
    static final String DATA_PARALLEL_PREFIX = "module.";

    private final Map<String, INDArray> tensors;
    private final Path file;

    private OpenClipWeights(Map<String, INDArray> tensors, Path file) {
        this.tensors = tensors;
        this.file = file;
    }

    /**
     * Reads every tensor {@code config} needs from {@code file}.
     *
     * @throws ModelLoadException naming the file and every missing / unexpected / mis-shaped key
     * @throws IOException when the file cannot be read or is not a valid safetensors file
     */
    public static OpenClipWeights read(Path file, OpenClipConfig config) throws IOException {
        Map<String, long[]> expected = CheckpointLayout.expectedShapes(config);
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            Map<String, String> fileKeyByName = canonicalNames(checkpoint.tensors().keySet());
            verifyLayout(file, config, expected, fileKeyByName, checkpoint.tensors());
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, long[]> entry : expected.entrySet()) {
                    INDArray array = Nd4j.create(DataType.FLOAT, entry.getValue());
                    tensors.put(entry.getKey(), array);
                    // Straight into the off-heap buffer: a full-size token embedding is 126 MB, no heap copy.
                    checkpoint.readFloatsInto(fileKeyByName.get(entry.getKey()), array.data().asNioFloat());
                }
            } catch (IOException | RuntimeException e) {
                tensors.values().forEach(INDArray::close);
                throw e;
            }
            return new OpenClipWeights(Collections.unmodifiableMap(tensors), file);
        }
    }

    /** The tensor stored under open_clip key {@code key}. */
    public INDArray get(String key) {
        INDArray array = tensors.get(key);
        if (array == null) {
            throw new IllegalArgumentException("no weight named '" + key + "' (from " + file + ")");
        }
        return array;
    }

    /** Every key, in {@link CheckpointLayout} order. */
    public Iterable<String> keys() {
        return tensors.keySet();
    }

    /** The 0-d {@code logit_scale} (the log of the inverse softmax temperature). */
    public float logitScale() {
        return get(CheckpointLayout.LOGIT_SCALE).getFloat(0);
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

    /** open_clip key → key in the file: identical, or with the DataParallel prefix when every key carries it. */
    private static Map<String, String> canonicalNames(Iterable<String> fileKeys) {
        Map<String, String> byName = new TreeMap<>();
        boolean allPrefixed = true;
        for (String key : fileKeys) {
            allPrefixed &= key.startsWith(DATA_PARALLEL_PREFIX);
            byName.put(key, key);
        }
        if (allPrefixed && !byName.isEmpty()) {
            Map<String, String> stripped = new TreeMap<>();
            byName.keySet().forEach(key -> stripped.put(key.substring(DATA_PARALLEL_PREFIX.length()), key));
            return stripped;
        }
        return byName;
    }

    private static void verifyLayout(Path file, OpenClipConfig config, Map<String, long[]> expected,
            Map<String, String> fileKeyByName, Map<String, TensorInfo> present) throws ModelLoadException {
        List<String> missing = new ArrayList<>(new TreeSet<>(expected.keySet()));
        missing.removeAll(fileKeyByName.keySet());
        List<String> unexpected = new ArrayList<>(fileKeyByName.keySet());
        unexpected.removeAll(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> entry : fileKeyByName.entrySet()) {
            long[] wanted = expected.get(entry.getKey());
            if (wanted == null) {
                continue;
            }
            TensorInfo info = present.get(entry.getValue());
            if (!info.dtype().readableAsFloats()) {
                mismatches.add(entry.getKey() + ": expected a float tensor (F32, F16 or BF16) but the file has "
                        + info.dtype() + Arrays.toString(info.shape()));
            } else if (!fits(wanted, info)) {
                mismatches.add(entry.getKey() + ": expected shape " + Arrays.toString(wanted) + " but the file has "
                        + info.dtype() + Arrays.toString(info.shape()));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatches.isEmpty()) {
            throw new ModelLoadException(file.toString(), config.source(), missing, unexpected, mismatches);
        }
    }

    /** Same shape, or a scalar stored as {@code [1]} (open_clip reshapes such a logit_scale when loading). */
    private static boolean fits(long[] wanted, TensorInfo info) {
        return info.hasShape(wanted) || (wanted.length == 0 && info.elementCount() == 1 && info.rank() == 1);
    }
}
