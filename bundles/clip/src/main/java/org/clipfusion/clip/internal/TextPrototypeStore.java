package org.clipfusion.clip.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.clipfusion.tensor.Sha256;
import org.clipfusion.tensor.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text prototypes kept on disk, so that a restart (or a scorer re-created with the same model and prompts) does not
 * run hundreds of prompts through the text tower again. A file is named by the SHA-256 of the model's weights
 * checksum and the exact prompt lists, so another model or a changed template can never read a stale prototype;
 * files are written atomically, and one that cannot be read is recomputed (and rewritten), never trusted.
 */
final class TextPrototypeStore {
    private static final Logger LOG = LoggerFactory.getLogger(TextPrototypeStore.class);
    /** Bumped when the file layout or the way prototypes are computed changes. */
    private static final int FORMAT = 1;

    private final Path directory;
    private final String modelSha256;

    /** @param directory where the files live (created on first write); {@code null} disables the store */
    TextPrototypeStore(Path directory, String modelSha256) {
        this.directory = directory;
        this.modelSha256 = modelSha256;
    }

    /** {@code ${karaf.data}/clipfusion/text-prototypes}, else under {@code java.io.tmpdir}. */
    static Path defaultDirectory() {
        String data = System.getProperty("karaf.data");
        Path base = data != null ? Paths.get(data) : Paths.get(System.getProperty("java.io.tmpdir"));
        return base.resolve("clipfusion").resolve("text-prototypes");
    }

    /** The stored pair for these prompts, or {@code null} when there is none (or it is unreadable). */
    TextPrototypes.Pair load(List<String> normalPrompts, List<String> anomalousPrompts, int dim) {
        if (directory == null) {
            return null;
        }
        Path file = file(normalPrompts, anomalousPrompts);
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != FORMAT || data.readInt() != dim) {
                return null;
            }
            float[] normal = readVector(data, dim);
            float[] anomalous = readVector(data, dim);
            return new TextPrototypes.Pair(normal, anomalous);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("text prototypes {} unreadable ({}); computing them again", file, e.toString());
            return null;
        }
    }

    /** Stores the pair; a failure is logged, not thrown: the store only saves time. */
    void save(List<String> normalPrompts, List<String> anomalousPrompts, TextPrototypes.Pair pair) {
        if (directory == null) {
            return;
        }
        Path file = file(normalPrompts, anomalousPrompts);
        try {
            Files.createDirectories(directory);
            AtomicFiles.write(file, out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.writeInt(FORMAT);
                data.writeInt(pair.normal().length);
                writeVector(data, pair.normal());
                writeVector(data, pair.anomalous());
                data.flush();
            });
        } catch (IOException e) {
            LOG.warn("could not store text prototypes in {}: {}", file, e.toString());
        }
    }

    Path file(List<String> normalPrompts, List<String> anomalousPrompts) {
        StringBuilder key = new StringBuilder("format ").append(FORMAT).append("\nmodel ").append(modelSha256);
        key.append("\nnormal ").append(normalPrompts.size());
        normalPrompts.forEach(prompt -> key.append('\n').append(prompt.length()).append(':').append(prompt));
        key.append("\nanomalous ").append(anomalousPrompts.size());
        anomalousPrompts.forEach(prompt -> key.append('\n').append(prompt.length()).append(':').append(prompt));
        return directory.resolve(Sha256.of(key.toString()) + ".prototypes");
    }

    private static float[] readVector(DataInputStream data, int dim) throws IOException {
        float[] vector = new float[dim];
        for (int i = 0; i < dim; i++) {
            vector[i] = data.readFloat();
        }
        return vector;
    }

    private static void writeVector(DataOutputStream data, float[] vector) throws IOException {
        for (float value : vector) {
            data.writeFloat(value);
        }
    }
}
