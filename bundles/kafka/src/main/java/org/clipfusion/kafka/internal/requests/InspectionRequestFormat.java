package org.clipfusion.kafka.internal.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code clipfusion.request/1}, the value of a request record: one JSON object (UTF-8)
 *
 * <pre>
 * {"format": "clipfusion.request/1", "requestId": "...", "partId": "...", "imageId": "...", "category": "...",
 *  "image": "&lt;base64 of a PNG, JPEG, BMP or TIFF file&gt;"  or  "imageUri": "file:///srv/images/cam3/0001.png",
 *  "metadata": {"camera": "cam3"}}
 * </pre>
 *
 * {@code requestId}, {@code category} and exactly one of {@code image} and {@code imageUri} are required;
 * {@code partId} and {@code metadata} may be left out, {@code imageId} defaults to the request id. Fields this version
 * does not know are ignored, so producers may add their own; a change that readers must understand gets a new format
 * name ({@code clipfusion.request/2}).
 */
final class InspectionRequestFormat {
    static final String FORMAT = "clipfusion.request/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InspectionRequestFormat() {
    }

    /**
     * @param maxInlineBytes the largest inline image accepted, decoded
     * @throws InvalidRequestException naming the field and the problem
     */
    static InspectionRequestRecord read(byte[] value, int maxInlineBytes) throws InvalidRequestException {
        if (value == null) {
            throw new InvalidRequestException("the record has no value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the value is not JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the value cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the value is not a JSON object");
        }
        String format = text(root, "format", true);
        if (!FORMAT.equals(format)) {
            throw new InvalidRequestException("format '" + format + "' is not " + FORMAT);
        }
        String requestId = text(root, "requestId", true);
        String category = text(root, "category", true);
        String partId = text(root, "partId", false);
        String imageId = text(root, "imageId", false);
        String inline = text(root, "image", false);
        String uri = text(root, "imageUri", false);
        if (inline.isEmpty() == uri.isEmpty()) {
            throw new InvalidRequestException("request '" + requestId + "' must carry exactly one of image (base64)"
                    + " and imageUri");
        }
        byte[] bytes = null;
        URI location = null;
        if (!inline.isEmpty()) {
            // base64 is 4 characters per 3 bytes: refuse before decoding what could not fit anyway.
            if ((long) inline.length() / 4 * 3 > maxInlineBytes + 3L) {
                throw new InvalidRequestException("request '" + requestId + "': the inline image is larger than "
                        + "maxInlineImageBytes (" + maxInlineBytes + "); send an imageUri instead");
            }
            try {
                bytes = Base64.getDecoder().decode(inline);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("request '" + requestId + "': image is not base64 ("
                        + e.getMessage() + ")");
            }
            if (bytes.length > maxInlineBytes) {
                throw new InvalidRequestException("request '" + requestId + "': the inline image has "
                        + bytes.length + " bytes, larger than maxInlineImageBytes (" + maxInlineBytes + ")");
            }
        } else {
            try {
                location = new URI(uri);
            } catch (URISyntaxException e) {
                throw new InvalidRequestException("request '" + requestId + "': imageUri '" + uri
                        + "' is not a URI (" + e.getReason() + ")");
            }
        }
        return new InspectionRequestRecord(requestId, partId, imageId.isEmpty() ? requestId : imageId, category,
                bytes, location, metadata(root, requestId));
    }

    private static Map<String, String> metadata(JsonNode root, String requestId) throws InvalidRequestException {
        JsonNode node = root.get("metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("request '" + requestId + "': metadata must be a JSON object");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            metadata.put(field.getKey(), field.getValue().isTextual() ? field.getValue().textValue()
                    : field.getValue().toString());
        }
        return metadata;
    }

    private static String text(JsonNode root, String field, boolean required) throws InvalidRequestException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidRequestException("field '" + field + "' is missing");
            }
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("field '" + field + "' must be a string");
        }
        if (required && node.textValue().isBlank()) {
            throw new InvalidRequestException("field '" + field + "' is empty");
        }
        return node.textValue();
    }
}
