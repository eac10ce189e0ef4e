package org.clipfusion.tensor.descriptor;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One place a model file can be downloaded from.
 *
 * @param url where to download it
 * @param format {@code safetensors} or another file kept as it is, or {@code torch} for a PyTorch checkpoint that
 *     is converted to safetensors after download
 * @param size bytes, when published; else empty
 * @param sha256 the full digest, when published; else {@code null} (models/fetch records it on first download)
 * @param sha256Prefix a published digest prefix (open_clip release names carry one); else {@code null}
 * @param checksumSource where size and digest were published, so a mismatch can be judged
 * @param entry for {@code torch}: the top-level key holding the state dict, or {@code null} for automatic
 * @param stripPrefix for {@code torch}: a key prefix to remove (e.g. {@code module.}), or {@code null}
 */
public record FileSource(String url, String format, OptionalLong size, String sha256, String sha256Prefix,
                         String checksumSource, String entry, String stripPrefix) {
    public static final String SAFETENSORS = "safetensors";
    public static final String TORCH = "torch";

    public FileSource {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(size, "size");
    }

    /** Whether the download must be converted to safetensors. */
    public boolean needsConversion() {
        return TORCH.equals(format);
    }
}
