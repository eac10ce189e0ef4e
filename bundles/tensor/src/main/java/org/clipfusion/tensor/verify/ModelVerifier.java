package org.clipfusion.tensor.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.Sha256;
import org.clipfusion.tensor.TensorInfo;

/**
 * Compares a model directory with what its {@link ModelArchitecture} expects: each checkpoint file's every key,
 * shape and dtype (from the safetensors header alone), then each file of a {@link ChecksumList} against its
 * SHA-256. Every difference is collected, none stops the check, so one run reports all that is wrong.
 */
public final class ModelVerifier {
    private ModelVerifier() {
    }

    /**
     * @throws IOException when the architecture cannot derive its expectations (a missing or invalid config);
     *     problems with checkpoint files are findings, not exceptions
     */
    public static VerificationReport verify(Path directory, ModelArchitecture architecture, ChecksumList checksums)
            throws IOException {
        List<CheckedFile> files = new ArrayList<>();
        for (CheckpointSpec spec : architecture.expectedCheckpoints(directory)) {
            files.add(checkCheckpoint(directory, spec));
        }
        for (Map.Entry<String, String> entry : checksums.sha256ByFile().entrySet()) {
            files.add(checkChecksum(directory, entry.getKey(), entry.getValue()));
        }
        return new VerificationReport(directory, architecture.id(), files);
    }

    /** One checkpoint file against its spec. */
    static CheckedFile checkCheckpoint(Path directory, CheckpointSpec spec) {
        Optional<String> found = spec.fileNames().stream()
                .filter(name -> Files.isRegularFile(directory.resolve(name)))
                .findFirst();
        String what = spec.tensors().size() + " tensors against " + spec.architectureSource();
        if (found.isEmpty()) {
            String names = String.join(" | ", spec.fileNames());
            return new CheckedFile(names, what, List.of(new Finding(Finding.Kind.MISSING_FILE, names, null,
                    "none of " + spec.fileNames() + " exists")));
        }
        String name = found.get();
        try (SafetensorsFile file = SafetensorsFile.open(directory.resolve(name))) {
            return new CheckedFile(name, what, compare(name, spec, file.tensors()));
        } catch (IOException e) {
            return new CheckedFile(name, what, List.of(new Finding(Finding.Kind.UNREADABLE_FILE, name, null,
                    e.getMessage())));
        }
    }

    /**
     * The differences between the tensors a file holds and {@code spec}, as the loaders judge them: legacy names
     * count as their current name (a tensor present under both is unexpected under the legacy one), a prefix on
     * every key is dropped when the spec allows it.
     */
    static List<Finding> compare(String file, CheckpointSpec spec, Map<String, TensorInfo> present) {
        String prefix = spec.droppablePrefix();
        boolean dropPrefix = prefix != null && !present.isEmpty()
                && present.keySet().stream().allMatch(key -> key.startsWith(prefix));
        List<String> fileKeys = new ArrayList<>(present.keySet());
        fileKeys.sort(Comparator.comparing((String key) -> spec.legacyNames().containsKey(strip(key, dropPrefix,
                prefix))).thenComparing(Comparator.naturalOrder()));
        List<Finding> findings = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (String fileKey : fileKeys) {
            String stripped = strip(fileKey, dropPrefix, prefix);
            String name = spec.legacyNames().getOrDefault(stripped, stripped);
            TensorSpec wanted = spec.tensors().get(name);
            TensorInfo info = present.get(fileKey);
            if (wanted == null || !matched.add(name)) {
                findings.add(new Finding(Finding.Kind.UNEXPECTED_KEY, file, fileKey, "found " + info.dtype() + " "
                        + Arrays.toString(info.shape())));
                continue;
            }
            if (!wanted.acceptsShape(info.shape())) {
                findings.add(new Finding(Finding.Kind.WRONG_SHAPE, file, fileKey, "expected "
                        + wanted.describeShapes() + ", found " + Arrays.toString(info.shape())));
            }
            if (!wanted.acceptsDtype(info.dtype())) {
                findings.add(new Finding(Finding.Kind.WRONG_DTYPE, file, fileKey, "expected "
                        + wanted.describeDtypes() + ", found " + info.dtype()));
            }
        }
        for (TensorSpec tensor : spec.tensors().values()) {
            if (!tensor.optional() && !matched.contains(tensor.name())) {
                findings.add(new Finding(Finding.Kind.MISSING_KEY, file, tensor.name(), "expected "
                        + tensor.describeDtypes() + " " + tensor.describeShapes()));
            }
        }
        findings.sort(Comparator.comparing(Finding::kind));
        return findings;
    }

    static CheckedFile checkChecksum(Path directory, String name, String expected) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            return new CheckedFile(name, "SHA-256", List.of(new Finding(Finding.Kind.MISSING_FILE, name, null,
                    "listed with a checksum but absent")));
        }
        try {
            String actual = Sha256.of(file);
            return new CheckedFile(name, "SHA-256", actual.equals(expected) ? List.of()
                    : List.of(new Finding(Finding.Kind.CHECKSUM_MISMATCH, name, null, "expected " + expected
                            + ", found " + actual)));
        } catch (IOException e) {
            return new CheckedFile(name, "SHA-256", List.of(new Finding(Finding.Kind.UNREADABLE_FILE, name, null,
                    String.valueOf(e.getMessage()))));
        }
    }

    private static String strip(String key, boolean dropPrefix, String prefix) {
        return dropPrefix ? key.substring(prefix.length()) : key;
    }
}
