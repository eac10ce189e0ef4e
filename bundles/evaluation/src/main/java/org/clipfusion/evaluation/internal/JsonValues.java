package org.clipfusion.evaluation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** JSON has no NaN: undefined metrics are written as null and read back as NaN. */
final class JsonValues {
    private JsonValues() {
    }

    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    static double number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        return value.isNull() ? Double.NaN : value.asDouble();
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    static void putStrings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        required(node, field).forEach(value -> values.add(value.asText()));
        return values;
    }
}
