package org.clipfusion.tensor.descriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.clipfusion.tensor.TensorFormatException;
import org.clipfusion.tensor.internal.JsonParseException;
import org.clipfusion.tensor.internal.JsonParser;
import org.clipfusion.tensor.internal.JsonWriter;

/**
 * Reads a {@code models/*.json} descriptor. Fields it does not know (notes, usage hints) are ignored; every field
 * it uses is checked, and an error names the file and the JSON path of the field.
 */
public final class ModelDescriptorReader {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA256_PREFIX = Pattern.compile("[0-9a-f]{4,63}");
    private static final Set<String> FORMATS = Set.of(FileSource.SAFETENSORS, FileSource.TORCH, "file");

    private final Path file;

    private ModelDescriptorReader(Path file) {
        this.file = file;
    }

    /** @throws TensorFormatException naming the file and field when the descriptor is malformed */
    public static ModelDescriptor read(Path file) throws IOException {
        Object root;
        try {
            root = JsonParser.parse(Files.readString(file));
        } catch (JsonParseException e) {
            throw new TensorFormatException(file, "not valid JSON: " + e.getMessage());
        }
        return new ModelDescriptorReader(file).descriptor(object(file, root, "$"));
    }

    private ModelDescriptor descriptor(Map<?, ?> root) throws TensorFormatException {
        List<ModelFile> files = new ArrayList<>();
        List<?> entries = list(root.get("files"), "files");
        for (int i = 0; i < entries.size(); i++) {
            files.add(modelFile(object(file, entries.get(i), "files[" + i + "]"), "files[" + i + "]"));
        }
        Map<String, String> manifests = new LinkedHashMap<>();
        if (root.get("manifests") != null) {
            for (Map.Entry<?, ?> entry : object(file, root.get("manifests"), "manifests").entrySet()) {
                manifests.put(String.valueOf(entry.getKey()), string(entry.getValue(), "manifests." + entry.getKey()));
            }
        }
        return new ModelDescriptor(string(root.get("id"), "id"), optionalString(root.get("name"), "name"),
                string(root.get("architecture"), "architecture"), relativePath(root.get("directory"), "directory"),
                optionalString(root.get("license"), "license"), files, manifests);
    }

    private ModelFile modelFile(Map<?, ?> entry, String where) throws TensorFormatException {
        String path = relativePath(entry.get("path"), where + ".path");
        boolean optional = Boolean.TRUE.equals(entry.get("optional"));
        Object content = entry.get("content");
        if (content != null) {
            String text = content instanceof String string ? string : JsonWriter.write(content);
            return new ModelFile(path, List.of(), text, optional);
        }
        List<FileSource> sources = new ArrayList<>();
        List<?> listed = list(entry.get("sources"), where + ".sources");
        if (listed.isEmpty()) {
            throw new TensorFormatException(file, where + ": needs sources or content");
        }
        for (int i = 0; i < listed.size(); i++) {
            sources.add(source(object(file, listed.get(i), where + ".sources[" + i + "]"), where + ".sources[" + i + "]"));
        }
        return new ModelFile(path, sources, null, optional);
    }

    private FileSource source(Map<?, ?> source, String where) throws TensorFormatException {
        String url = string(source.get("url"), where + ".url");
        if (!url.startsWith("https://")) {
            throw new TensorFormatException(file, where + ".url must be an https URL, got " + url);
        }
        String format = source.get("format") == null ? "file" : string(source.get("format"), where + ".format");
        if (!FORMATS.contains(format)) {
            throw new TensorFormatException(file, where + ".format must be one of " + FORMATS + ", got " + format);
        }
        OptionalLong size = OptionalLong.empty();
        if (source.get("size") != null) {
            if (!(source.get("size") instanceof Long bytes) || bytes < 0) {
                throw new TensorFormatException(file, where + ".size must be a byte count or null");
            }
            size = OptionalLong.of(bytes);
        }
        return new FileSource(url, format, size, digest(source.get("sha256"), SHA256, where + ".sha256"),
                digest(source.get("sha256_prefix"), SHA256_PREFIX, where + ".sha256_prefix"),
                optionalString(source.get("checksum_source"), where + ".checksum_source"),
                optionalString(source.get("entry"), where + ".entry"),
                optionalString(source.get("strip_prefix"), where + ".strip_prefix"));
    }

    private String digest(Object value, Pattern pattern, String where) throws TensorFormatException {
        String digest = optionalString(value, where);
        if (digest != null && !pattern.matcher(digest).matches()) {
            throw new TensorFormatException(file, where + " must be lower-case hex (" + pattern + "), got " + digest);
        }
        return digest;
    }

    private String relativePath(Object value, String where) throws TensorFormatException {
        String path = string(value, where);
        if (path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
            throw new TensorFormatException(file, where + " must be a relative path inside the model directory, got "
                    + path);
        }
        return path;
    }

    private String string(Object value, String where) throws TensorFormatException {
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new TensorFormatException(file, where + " must be a non-empty string");
        }
        return text;
    }

    private String optionalString(Object value, String where) throws TensorFormatException {
        return value == null ? null : string(value, where);
    }

    private List<?> list(Object value, String where) throws TensorFormatException {
        if (!(value instanceof List<?> items)) {
            throw new TensorFormatException(file, where + " must be a list");
        }
        return items;
    }

    private static Map<?, ?> object(Path file, Object value, String where) throws TensorFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TensorFormatException(file, where + " must be an object");
        }
        return map;
    }
}
