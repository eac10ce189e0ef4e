package org.clipfusion.diffusion.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.TensorSpec;

/**
 * What a checkpoint file may hold for one architecture, derived from its config: the tensors a graph uses (which
 * must be present), the tensors the architecture has but this code does not use (accepted, shape-checked, not
 * read: a VAE's decoder, for an encoder), older names of tensors (accepted in place of the current name), and keys
 * old writers left in files that nothing reads (accepted, shape-checked, any dtype). Anything else is unexpected.
 */
public final class WeightLayout {
    private final Map<String, long[]> used = new LinkedHashMap<>();
    private final Map<String, long[]> unused = new LinkedHashMap<>();
    private final Map<String, String> currentNameByLegacyName = new LinkedHashMap<>();
    private final Map<String, long[]> tolerated = new LinkedHashMap<>();

    /** A tensor the graph reads. */
    public WeightLayout use(String key, long... shape) {
        used.put(key, shape);
        return this;
    }

    /** A tensor of the architecture that this code does not read. */
    public WeightLayout knowUnused(String key, long... shape) {
        unused.put(key, shape);
        return this;
    }

    /** {@code legacyKey} is an older name of the tensor now called {@code currentKey}. */
    public WeightLayout alias(String legacyKey, String currentKey) {
        currentNameByLegacyName.put(legacyKey, currentKey);
        return this;
    }

    /** A key some files carry that holds nothing the model needs (e.g. a saved buffer); any dtype. */
    public WeightLayout tolerate(String key, long... shape) {
        tolerated.put(key, shape);
        return this;
    }

    /** The tensors the graph reads, in layout order. */
    public Map<String, long[]> used() {
        return Collections.unmodifiableMap(used);
    }

    /** The tensors of the architecture that are not read. */
    public Map<String, long[]> unused() {
        return Collections.unmodifiableMap(unused);
    }

    /** Every tensor of the architecture (used, then unused): what a complete, current checkpoint holds. */
    public Map<String, long[]> architecture() {
        Map<String, long[]> all = new LinkedHashMap<>(used);
        all.putAll(unused);
        return Collections.unmodifiableMap(all);
    }

    /** Legacy key → current key. */
    public Map<String, String> legacyNames() {
        return Collections.unmodifiableMap(currentNameByLegacyName);
    }

    /** Keys accepted and ignored. */
    public Map<String, long[]> tolerated() {
        return Collections.unmodifiableMap(tolerated);
    }

    /**
     * The same expectations as {@link CheckpointWeights} applies them, for verifying a file without loading it: every
     * architecture tensor a float parameter, tolerated keys optional in any dtype, legacy names accepted.
     *
     * @param fileNames where the weights may be, relative to the model directory, in the order the loader tries
     * @param configSource the config file the layout comes from, for reports
     */
    public CheckpointSpec checkpointSpec(List<String> fileNames, String configSource) {
        Map<String, TensorSpec> tensors = new LinkedHashMap<>();
        architecture().forEach((key, shape) -> tensors.put(key, TensorSpec.parameter(key, shape)));
        tolerated.forEach((key, shape) -> tensors.put(key, TensorSpec.parameter(key, shape).optionalAnyDtype()));
        return new CheckpointSpec(fileNames, configSource, tensors, currentNameByLegacyName, null);
    }
}
