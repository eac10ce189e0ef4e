package org.clipfusion.evaluation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.evaluation.EvaluationException;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.tensor.files.AtomicFiles;
import org.clipfusion.tensor.files.SafeFileNames;

/**
 * The output folder as the memory of an evaluation: {@code plan.json} says what the finished runs were computed
 * with, and each finished run leaves {@code runs/<category>/seed-<seed>/run.json}. A later evaluation with the same
 * settings into the same folder takes the finished runs from there instead of recomputing them; one with other
 * settings is refused rather than mixed in.
 */
final class RunStore {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PLAN_FILE = "plan.json";
    private static final String RUN_FILE = "run.json";

    private final Path output;

    private RunStore(Path output) {
        this.output = output;
    }

    /**
     * Opens the folder for the plan, recording its settings on first use.
     *
     * @throws EvaluationException when the folder cannot be written, or holds runs of different settings (naming
     *                             the setting)
     */
    static RunStore open(EvaluationPlan plan, DatasetLayout layout) throws EvaluationException {
        Path output = plan.output().toAbsolutePath().normalize();
        ObjectNode settings = settings(plan, layout);
        Path planFile = output.resolve(PLAN_FILE);
        try {
            Files.createDirectories(output);
            if (Files.exists(planFile)) {
                JsonNode earlier = JSON.readTree(planFile.toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode before = earlier.get(field.getKey());
                    if (!field.getValue().equals(before)) {
                        throw new EvaluationException("output folder " + output + " holds an evaluation with "
                                + field.getKey() + " = " + before + ", this one has " + field.getValue()
                                + ": choose another --output folder, or delete that one to start over");
                    }
                }
            } else {
                AtomicFiles.write(planFile, out -> JSON.writeValue(out, settings));
            }
        } catch (IOException e) {
            throw new EvaluationException("output folder " + output + " cannot be used: " + e.getMessage(), e);
        }
        return new RunStore(output);
    }

    Path output() {
        return output;
    }

    Path runFolder(RunKey key) {
        return output.resolve("runs").resolve(SafeFileNames.folder(key.category())).resolve("seed-" + key.seed());
    }

    /** The finished run, if an earlier evaluation left one; an unreadable record counts as not finished. */
    Optional<RunResult> finished(RunKey key) {
        Path file = runFolder(key).resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            RunResult run = RunResultJson.read(JSON.readTree(file.toFile()));
            return run.key().equals(key) && run.succeeded() ? Optional.of(run) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Records a finished run. Failed runs are recorded too, but a resume runs them again. */
    void save(RunResult run) throws IOException {
        AtomicFiles.write(runFolder(run.key()).resolve(RUN_FILE), out -> JSON.writeValue(out,
                RunResultJson.write(run)));
    }

    private static ObjectNode settings(EvaluationPlan plan, DatasetLayout layout) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", 1);
        node.put("datasetRoot", plan.datasetRoot().toAbsolutePath().normalize().toString());
        node.put("layout", layout.name());
        node.put("shots", plan.shots());
        node.put("template", plan.template());
        if (!plan.objectName().isEmpty()) {
            node.put("objectName", plan.objectName()); // absent when unset, so older folders still resume
        }
        node.put("pixelSize", plan.pixelSize());
        node.put("bins", plan.bins());
        if (!plan.ablations().isEmpty()) {
            // Only when there are some, so that folders of evaluations without ablations still resume.
            ObjectNode ablations = node.putObject("ablations");
            plan.ablations().forEach(ablation -> {
                ObjectNode overrides = ablations.putObject(ablation.name());
                ablation.overrides().forEach(overrides::put);
            });
        }
        return node;
    }
}
