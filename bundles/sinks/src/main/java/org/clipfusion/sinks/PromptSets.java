package org.clipfusion.sinks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A category's prompts (231 texts for PatchCLIP's defaults) are the same for every result until its configuration
 * changes, so sinks store a prompt set once and every result refers to it by its id, a checksum of the texts: the
 * database keeps it in {@code clipfusion_prompt_sets}, the MQTT sink publishes it retained, the file sink writes
 * {@code prompt-sets/<id>.json}, and each result record carries only {@code promptSet} {@code {id, count}}.
 *
 * <p>The id is {@code sha256:} and the hex SHA-256 of the prompts in order, each as its UTF-8 byte count (4 bytes,
 * big-endian) followed by its UTF-8 bytes: unambiguous whatever characters a prompt holds, and computable by any
 * consumer that wants to check a set.
 */
public final class PromptSets {
    /** The format of the prompt set document ({@link #json}). */
    public static final String FORMAT = "clipfusion.promptSet/1";

    private PromptSets() {
    }

    public static String id(List<String> prompts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (String prompt : prompts) {
            byte[] bytes = prompt.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            digest.update(bytes);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** The prompt set document: {@code format}, {@code id}, {@code prompts}. */
    public static String json(List<String> prompts) {
        return new JsonWriter().beginObject()
                .member("format", FORMAT)
                .member("id", id(prompts))
                .member("prompts", prompts)
                .endObject().toString();
    }
}
