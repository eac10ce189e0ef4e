package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.clipfusion.http.ApiToken;

/** One API request after routing and authentication: path parameters, the caller's token, response helpers. */
final class ApiCall {
    final HttpServletRequest request;
    final HttpServletResponse response;
    final ApiToken token;
    private final Map<String, String> pathParameters;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    ApiCall(HttpServletRequest request, HttpServletResponse response, ApiToken token,
            Map<String, String> pathParameters, ObjectMapper json, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.token = token;
        this.pathParameters = pathParameters;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    Optional<String> query(String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The media type of the body without parameters, lower case; empty when there is none. */
    String contentType() {
        String type = request.getContentType();
        return type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The body as JSON; a body that is not JSON, or not an object, is refused naming the problem. */
    JsonNode jsonBody() throws ApiException, IOException {
        if (!contentType().equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "request body: expected Content-Type "
                    + "application/json, got '" + (request.getContentType() == null ? "none"
                    : request.getContentType()) + "'");
        }
        byte[] body = body();
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("malformed_json", "request body: expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** The whole body, refused with 413 beyond the configured upload limit. */
    byte[] body() throws ApiException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge(-1);
            }
            return bytes;
        }
    }

    ApiException tooLarge(long declared) {
        return new ApiException(413, "payload_too_large", "request body" + (declared > 0 ? " of " + declared
                + " bytes" : "") + " exceeds the limit of " + maxBodyBytes + " bytes (maxUploadBytes in "
                + "etc/org.clipfusion.http.cfg)");
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    void json(int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }

    void png(byte[] bytes) throws IOException {
        response.setStatus(200);
        response.setContentType("image/png");
        response.setHeader("Cache-Control", "private, max-age=60");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    ObjectMapper mapper() {
        return json;
    }
}
