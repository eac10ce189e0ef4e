package org.clipfusion.tensor.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.TensorFormatException;

/**
 * Converts a PyTorch zip checkpoint's state dict into a {@code .safetensors} file: every tensor under its key (less
 * an optional prefix), dtype kept, views made contiguous, shared storages written once per tensor. Tensors stream
 * from the zip to the output one at a time, so a multi-gigabyte checkpoint needs little memory.
 */
public final class TorchToSafetensors {
    private TorchToSafetensors() {
    }

    /**
     * What to convert.
     *
     * @param entry the top-level key holding the state dict, or {@code null} to take the saved dict itself when it
     *     is a dict of tensors, else its {@value TorchCheckpoint#STATE_DICT_ENTRY} entry
     * @param stripPrefix removed from every key that starts with it (e.g. {@code module.}, which DataParallel
     *     adds), or {@code null}
     */
    public record Options(String entry, String stripPrefix) {
        public static Options defaults() {
            return new Options(null, null);
        }
    }

    /**
     * Converts {@code source} into {@code target} (replaced atomically).
     *
     * @return output key → tensor, in the checkpoint's order
     * @throws TensorFormatException when the checkpoint cannot be read (see {@link TorchCheckpoint#open}), holds no
     *     state dict, or stripping the prefix makes two keys equal
     */
    public static Map<String, TorchTensor> convert(Path source, Path target, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(source)) {
            Map<String, TorchTensor> stateDict = options.entry() == null
                    ? checkpoint.stateDict() : checkpoint.stateDict(options.entry());
            Map<String, TorchTensor> renamed = renamed(source, stateDict, options.stripPrefix());
            SafetensorsWriter writer = new SafetensorsWriter()
                    .putMetadata("format", "pt")
                    .putMetadata("converted_from", String.valueOf(source.getFileName()));
            renamed.forEach((key, tensor) -> writer.addBytes(key, tensor.dtype(), tensor.shape(),
                    channel -> checkpoint.writeContiguous(tensor, channel)));
            writer.writeTo(target);
            return renamed;
        }
    }

    private static Map<String, TorchTensor> renamed(Path source, Map<String, TorchTensor> stateDict, String prefix)
            throws TensorFormatException {
        Map<String, TorchTensor> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensor> entry : stateDict.entrySet()) {
            String key = entry.getKey();
            if (prefix != null && !prefix.isEmpty() && key.startsWith(prefix)) {
                key = key.substring(prefix.length());
            }
            if (key.isEmpty() || renamed.putIfAbsent(key, entry.getValue()) != null) {
                throw new TensorFormatException(source, entry.getKey(), "stripping '" + prefix + "' gives the key '"
                        + key + "', which is empty or another tensor has too");
            }
        }
        return renamed;
    }
}
