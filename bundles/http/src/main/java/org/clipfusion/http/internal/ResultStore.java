package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.sinks.ResultJson;
import org.clipfusion.tensor.files.AtomicFiles;
import org.clipfusion.tensor.files.SafeFileNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most recent results on disk ({@code data/clipfusion/http/results/<id>/}: {@code record.json}, {@code map.f32},
 * and {@code image.png} for inspections made through the API), so that a retried request id is answered with the
 * stored result even after a restart, and the dashboard and {@code GET /results} have something to show. Bounded: the
 * oldest results beyond the configured number are deleted. Every stored or updated result is passed to the
 * listeners (the live event stream) once its files are written.
 */
final class ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);
    private static final String RECORD = "record.json";
    private static final String MAP = "map.f32";
    private static final String IMAGE = "image.png";

    private final Path root;
    private final int capacity;
    private final ObjectMapper json;
    /** By request id, oldest first. */
    private final LinkedHashMap<String, StoredResult> index = new LinkedHashMap<>();
    private final List<Consumer<StoredResult>> listeners = new CopyOnWriteArrayList<>();

    ResultStore(Path root, int capacity, ObjectMapper json) throws IOException {
        this.root = root;
        this.capacity = Math.max(1, capacity);
        this.json = json;
        Files.createDirectories(root);
        load();
    }

    void addListener(Consumer<StoredResult> listener) {
        listeners.add(listener);
    }

    synchronized Optional<StoredResult> get(String requestId) {
        return Optional.ofNullable(index.get(requestId));
    }

    /**
     * Stores a result (once per request id: a later call for the same id only adds the image if it was missing).
     *
     * @param imagePng the inspected image as PNG, or null when it is not known (results from other entry points)
     */
    StoredResult put(DetectionResult result, byte[] imagePng) throws IOException {
        StoredResult stored;
        boolean changed;
        synchronized (this) {
            StoredResult existing = index.get(result.requestId());
            Path folder = folderOf(result.requestId());
            if (existing == null) {
                Files.createDirectories(folder);
                writeMap(folder.resolve(MAP), result.map());
                if (imagePng != null) {
                    AtomicFiles.write(folder.resolve(IMAGE), out -> out.write(imagePng));
                }
                ObjectNode record = (ObjectNode) json.readTree(ResultJson.of(result));
                byte[] bytes = json.writeValueAsBytes(record);
                AtomicFiles.write(folder.resolve(RECORD), out -> out.write(bytes));
                stored = StoredResult.of(record, imagePng != null);
                index.put(stored.requestId(), stored);
                changed = true;
                evict();
            } else if (imagePng != null && !existing.hasImage()) {
                AtomicFiles.write(folder.resolve(IMAGE), out -> out.write(imagePng));
                stored = existing.withImage();
                index.put(stored.requestId(), stored);
                changed = true;
            } else {
                stored = existing;
                changed = false;
            }
        }
        if (changed) {
            for (Consumer<StoredResult> listener : listeners) {
                try {
                    listener.accept(stored);
                } catch (RuntimeException e) {
                    LOG.debug("result listener failed", e);
                }
            }
        }
        return stored;
    }

    /** Newest first, those matching the filter, at most {@code limit}. */
    synchronized List<StoredResult> recent(Predicate<StoredResult> filter, int limit) {
        List<StoredResult> all = new ArrayList<>(index.values());
        all.sort(Comparator.comparing(StoredResult::time).reversed());
        return all.stream().filter(filter).limit(limit).toList();
    }

    AnomalyMap map(StoredResult result) throws IOException {
        Path file = folderOf(result.requestId()).resolve(MAP);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int width = in.readInt();
            int height = in.readInt();
            float[] values = new float[Math.multiplyExact(width, height)];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            return new AnomalyMap(width, height, values, MapRole.FUSED, result.record().path("map")
                    .path("source").asText("fused"));
        }
    }

    Optional<byte[]> imagePng(StoredResult result) throws IOException {
        Path file = folderOf(result.requestId()).resolve(IMAGE);
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    private void writeMap(Path file, AnomalyMap map) throws IOException {
        float[] values = map.values();
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeInt(map.width());
            out.writeInt(map.height());
            for (float value : values) {
                out.writeFloat(value);
            }
            out.flush();
        });
    }

    private void evict() {
        while (index.size() > capacity) {
            StoredResult oldest = index.values().stream().min(Comparator.comparing(StoredResult::time)).orElseThrow();
            index.remove(oldest.requestId());
            delete(folderOf(oldest.requestId()));
        }
    }

    private void load() throws IOException {
        List<StoredResult> found = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path record = folder.resolve(RECORD);
                if (!Files.isRegularFile(record)) {
                    delete(folder); // an interrupted write: the record is written last
                    continue;
                }
                try (InputStream in = Files.newInputStream(record)) {
                    found.add(StoredResult.of((ObjectNode) json.readTree(in), Files.exists(folder.resolve(IMAGE))));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("stored result {} is unreadable and is skipped: {}", folder, e.toString());
                }
            }
        }
        found.sort(Comparator.comparing(StoredResult::time));
        for (StoredResult result : found) {
            index.put(result.requestId(), result);
        }
        evict();
    }

    private Path folderOf(String requestId) {
        return root.resolve(SafeFileNames.folder(requestId.length() > 80 ? requestId.substring(0, 80) : requestId)
                + "-" + shortHash(requestId));
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", folder, e.toString());
        }
    }
}
