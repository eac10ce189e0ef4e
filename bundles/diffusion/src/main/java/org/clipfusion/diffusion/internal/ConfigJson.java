package org.clipfusion.diffusion.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.clipfusion.model.ModelLoadException;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A Hugging Face / diffusers {@code config.json} object with typed field access. Every error is a {@link
 * ModelLoadException} that names the file and the field, so a wrong config is reported where it is, not as a
 * shape mismatch later. A field given as JSON {@code null} counts as absent, as it does for diffusers.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;
    private final String source;

    private ConfigJson(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /**
     * Reads {@code file}.
     *
     * @param what what the file should hold, for the message when it is missing (e.g. "VAE config")
     */
    public static ConfigJson read(Path file, String what) throws IOException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file.toString(), what + " not found", e);
        }
        return parse(json, file.toString());
    }

    /** Parses a JSON object; {@code source} starts every error message. */
    public static ConfigJson parse(String json, String source) throws ModelLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(source, "a model config must be a JSON object");
        }
        return new ConfigJson(root, source);
    }

    /** Where the JSON came from. */
    public String source() {
        return source;
    }

    /** Whether {@code field} is present with a non-null value. */
    public boolean has(String field) {
        JsonNode node = root.get(field);
        return node != null && !node.isNull();
    }

    public int requiredInt(String field) throws ModelLoadException {
        return intValue(required(field), field);
    }

    public int optionalInt(String field, int defaultValue) throws ModelLoadException {
        return has(field) ? intValue(root.get(field), field) : defaultValue;
    }

    public long optionalLong(String field, long defaultValue) throws ModelLoadException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode node = root.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("field '" + field + "' must be an integer, got " + node);
        }
        return node.longValue();
    }

    public double requiredDouble(String field) throws ModelLoadException {
        return doubleValue(required(field), field);
    }

    public double optionalDouble(String field, double defaultValue) throws ModelLoadException {
        return has(field) ? doubleValue(root.get(field), field) : defaultValue;
    }

    /** A number that may be absent or null (diffusers' {@code Optional[float]} fields). */
    public OptionalDouble nullableDouble(String field) throws ModelLoadException {
        return has(field) ? OptionalDouble.of(doubleValue(root.get(field), field)) : OptionalDouble.empty();
    }

    public boolean optionalBoolean(String field, boolean defaultValue) throws ModelLoadException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode node = root.get(field);
        if (!node.isBoolean()) {
            throw error("field '" + field + "' must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    public String optionalString(String field, String defaultValue) throws ModelLoadException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            throw error("field '" + field + "' must be a string, got " + node);
        }
        return node.textValue();
    }

    /** A list of integers (a JSON array; diffusers writes tuples as arrays). */
    public List<Integer> requiredIntList(String field) throws ModelLoadException {
        JsonNode node = array(field);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(intValue(node.get(i), field + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    /** A list of strings, or {@code defaultValue} when absent. */
    public List<String> optionalStringList(String field, List<String> defaultValue) throws ModelLoadException {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode node = array(field);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw error("field '" + field + "[" + i + "]' must be a string, got " + node.get(i));
            }
            values.add(node.get(i).textValue());
        }
        return List.copyOf(values);
    }

    /** A list of numbers, or {@code null} when absent. */
    public double[] nullableDoubleList(String field) throws ModelLoadException {
        if (!has(field)) {
            return null;
        }
        JsonNode node = array(field);
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = doubleValue(node.get(i), field + "[" + i + "]");
        }
        return values;
    }

    /** A problem with the config as a whole. */
    public ModelLoadException error(String problem) {
        return new ModelLoadException(source, problem);
    }

    /** A field set to a value this implementation does not compute. */
    public ModelLoadException unsupported(String field, String why) {
        return error("field '" + field + "' = " + root.get(field) + " is not supported: " + why);
    }

    private JsonNode required(String field) throws ModelLoadException {
        if (!has(field)) {
            throw error("required field '" + field + "' is missing");
        }
        return root.get(field);
    }

    private JsonNode array(String field) throws ModelLoadException {
        JsonNode node = required(field);
        if (!node.isArray()) {
            throw error("field '" + field + "' must be a list, got " + node);
        }
        return node;
    }

    private int intValue(JsonNode node, String field) throws ModelLoadException {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error("field '" + field + "' must be an integer, got " + node);
        }
        return node.intValue();
    }

    private double doubleValue(JsonNode node, String field) throws ModelLoadException {
        if (!node.isNumber()) {
            throw error("field '" + field + "' must be a number, got " + node);
        }
        return node.doubleValue();
    }
}
