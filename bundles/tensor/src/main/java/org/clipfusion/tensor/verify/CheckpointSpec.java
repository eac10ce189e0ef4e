package org.clipfusion.tensor.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one checkpoint file of a model directory must hold: where it may be (file names relative to the model
 * directory, first existing wins, as the loaders look), every tensor of the architecture, older names accepted in
 * place of current ones, and a prefix a file may carry on every key (DataParallel's {@code module.}).
 *
 * @param fileNames candidate paths relative to the model directory, in the order the loader tries them
 * @param architectureSource what the expectation was derived from (a config file), for the report
 * @param tensors current name → spec, in architecture order
 * @param legacyNames older key → current name
 * @param droppablePrefix a prefix the loader strips when every key carries it, or {@code null}
 */
public record CheckpointSpec(List<String> fileNames, String architectureSource, Map<String, TensorSpec> tensors,
                             Map<String, String> legacyNames, String droppablePrefix) {
    public CheckpointSpec {
        fileNames = List.copyOf(fileNames);
        if (fileNames.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint needs at least one candidate file name");
        }
        Objects.requireNonNull(architectureSource, "architectureSource");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        legacyNames = Map.copyOf(legacyNames);
    }

    /** A spec without legacy names or prefix. */
    public static CheckpointSpec of(List<String> fileNames, String architectureSource, Iterable<TensorSpec> tensors) {
        Map<String, TensorSpec> byName = new LinkedHashMap<>();
        tensors.forEach(tensor -> byName.put(tensor.name(), tensor));
        return new CheckpointSpec(fileNames, architectureSource, byName, Map.of(), null);
    }

    /** The same spec for files under {@code folder} of the model directory (a diffusers pipeline's parts). */
    public CheckpointSpec inFolder(String folder) {
        return new CheckpointSpec(fileNames.stream().map(name -> folder + "/" + name).toList(),
                folder + "/" + architectureSource, tensors, legacyNames, droppablePrefix);
    }
}
