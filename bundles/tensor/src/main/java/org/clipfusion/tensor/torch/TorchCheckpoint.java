package org.clipfusion.tensor.torch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.clipfusion.tensor.TensorFormatException;
import org.clipfusion.tensor.torch.internal.PickleException;
import org.clipfusion.tensor.torch.internal.SafeUnpickler;
import org.clipfusion.tensor.torch.internal.StridedCopy;
import org.clipfusion.tensor.torch.internal.TorchPickleEnvironment;

/**
 * An open PyTorch checkpoint in the zip format {@code torch.save} writes since torch 1.6 ({@code .pt}, {@code .pth},
 * {@code pytorch_model.bin}): {@code <archive>/data.pkl} describes the saved object, {@code <archive>/data/<key>}
 * hold the raw little-endian storages. The pickle is read by a safe interpreter that builds plain data and tensor
 * descriptions only and refuses every other global by name, so opening an untrusted file runs nothing from it.
 * Storages are read only when a tensor's bytes are asked for.
 */
public final class TorchCheckpoint implements AutoCloseable {
    /** The entry open_clip's (and many training scripts') checkpoints keep the model weights under. */
    public static final String STATE_DICT_ENTRY = "state_dict";
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int PICKLE_PROTO_OPCODE = 0x80;
    private static final int COPY_BUFFER_BYTES = 1 << 20;
    private static final long MAX_STRIDED_WINDOW_BYTES = Integer.MAX_VALUE - 8;

    private final Path file;
    private final ZipFile zip;
    private final String archive;
    private final Object root;

    private TorchCheckpoint(Path file, ZipFile zip, String archive, Object root) {
        this.file = file;
        this.zip = zip;
        this.archive = archive;
        this.root = root;
    }

    /**
     * Opens {@code file} and interprets its pickle.
     *
     * @throws TensorFormatException naming the file when it is not a complete torch zip checkpoint (truncated, the
     *     pre-1.6 format, big-endian storages), or its pickle is malformed or uses a global that is not allowed
     */
    public static TorchCheckpoint open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        checkMagic(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new TensorFormatException(file, "not a readable zip archive (" + e.getMessage()
                    + "): the file is truncated or damaged; download it again");
        }
        try {
            String archive = archivePrefix(file, zip);
            checkByteOrder(file, zip, archive);
            byte[] pickle = readEntry(file, zip, archive + "data.pkl");
            Object root;
            try {
                root = SafeUnpickler.load(pickle, new TorchPickleEnvironment());
            } catch (PickleException e) {
                throw new TensorFormatException(file, archive + "data.pkl: " + e.getMessage());
            }
            return new TorchCheckpoint(file, zip, archive, root);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** The file this was opened from. */
    public Path path() {
        return file;
    }

    /** The saved object as plain data: maps, lists, numbers, strings and {@link TorchTensor}s. */
    public Object root() {
        return root;
    }

    /**
     * The state dict: the saved dict itself when it holds only tensors, else its {@value #STATE_DICT_ENTRY} entry.
     *
     * @throws TensorFormatException when neither is a dict of tensors; the message lists what the file holds
     */
    public Map<String, TorchTensor> stateDict() throws TensorFormatException {
        if (root instanceof Map<?, ?> map && !map.containsKey(STATE_DICT_ENTRY) && allTensors(map)) {
            return tensorsOf(map, "the saved dict");
        }
        return stateDict(STATE_DICT_ENTRY);
    }

    /**
     * The dict of tensors stored under top-level key {@code entry}.
     *
     * @throws TensorFormatException when there is no such entry or it is not a dict of tensors
     */
    public Map<String, TorchTensor> stateDict(String entry) throws TensorFormatException {
        if (!(root instanceof Map<?, ?> map)) {
            throw new TensorFormatException(file, "the saved object is " + typeOf(root) + ", not a dict");
        }
        if (!map.containsKey(entry)) {
            throw new TensorFormatException(file, "no entry '" + entry + "' at the top level, which holds "
                    + summary(map) + "; name the entry that holds the weights");
        }
        if (!(map.get(entry) instanceof Map<?, ?> inner)) {
            throw new TensorFormatException(file, "entry '" + entry + "' is " + typeOf(map.get(entry))
                    + ", not a dict of tensors");
        }
        return tensorsOf(inner, "entry '" + entry + "'");
    }

    /**
     * Writes the elements of {@code tensor} to {@code out} as {@code tensor.contiguous()} holds them: row-major,
     * little-endian, {@code elementCount × bytesPerElement} bytes.
     *
     * @throws TensorFormatException when the storage entry is missing or shorter than the view needs
     */
    public void writeContiguous(TorchTensor tensor, WritableByteChannel out) throws IOException {
        TorchStorage storage = tensor.storage();
        int elementBytes = storage.dtype().bytesPerElement();
        if (tensor.elementCount() == 0) {
            return;
        }
        String entryName = archive + "data/" + storage.key();
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new TensorFormatException(file, "storage '" + storage.key() + "' (" + entryName
                    + ") is missing from the archive");
        }
        if (entry.getSize() >= 0 && entry.getSize() < storage.byteLength()) {
            throw new TensorFormatException(file, "storage " + entryName + " holds " + entry.getSize()
                    + " bytes but is declared as " + storage.elementCount() + " x " + storage.dtype() + " ("
                    + storage.byteLength() + " bytes)");
        }
        long startByte = tensor.storageOffset() * elementBytes;
        long spanBytes = tensor.span() * elementBytes;
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(startByte);
            if (tensor.isContiguous()) {
                copy(in, spanBytes, out);
            } else {
                if (spanBytes > MAX_STRIDED_WINDOW_BYTES) {
                    throw new TensorFormatException(file, "strided tensor " + tensor + " spans " + spanBytes
                            + " bytes of its storage, more than can be rearranged in memory");
                }
                byte[] window = in.readNBytes((int) spanBytes);
                if (window.length < spanBytes) {
                    throw new EOFException();
                }
                StridedCopy.write(window, tensor.shape(), tensor.stride(), elementBytes, out);
            }
        } catch (EOFException | ZipException e) {
            throw new TensorFormatException(file, "storage " + entryName + " ends before the bytes of " + tensor
                    + ": the file is truncated or damaged");
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    @Override
    public String toString() {
        return "TorchCheckpoint[" + file + "]";
    }

    private Map<String, TorchTensor> tensorsOf(Map<?, ?> dict, String what) throws TensorFormatException {
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (entry.getKey() instanceof String key && entry.getValue() instanceof TorchTensor tensor) {
                tensors.put(key, tensor);
            } else {
                others.add(entry.getKey() + " (" + typeOf(entry.getValue()) + ")");
            }
        }
        if (!others.isEmpty()) {
            throw new TensorFormatException(file, what + " is not a state dict: besides " + tensors.size()
                    + " tensors it holds " + abbreviate(others));
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static boolean allTensors(Map<?, ?> map) {
        return !map.isEmpty() && map.values().stream().allMatch(TorchTensor.class::isInstance);
    }

    private static String summary(Map<?, ?> map) {
        List<String> entries = new ArrayList<>();
        map.forEach((key, value) -> entries.add(key + " (" + typeOf(value) + ")"));
        return entries.isEmpty() ? "nothing" : abbreviate(entries);
    }

    private static String abbreviate(List<String> items) {
        int shown = Math.min(items.size(), 10);
        return String.join(", ", items.subList(0, shown)) + (items.size() > shown
                ? " and " + (items.size() - shown) + " more" : "");
    }

    private static String typeOf(Object value) {
        if (value instanceof TorchTensor tensor) {
            return "tensor " + tensor.dtype() + java.util.Arrays.toString(tensor.shape());
        }
        if (value instanceof Map<?, ?> map) {
            return "dict of " + map.size();
        }
        if (value instanceof List<?> list) {
            return "sequence of " + list.size();
        }
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static void checkMagic(Path file) throws IOException {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == head.length && java.util.Arrays.equals(head, ZIP_MAGIC)) {
            return;
        }
        if (read > 0 && (head[0] & 0xff) == PICKLE_PROTO_OPCODE) {
            throw new TensorFormatException(file, "this is PyTorch's legacy (pre-1.6) serialization format, which "
                    + "is not supported: load and re-save it with torch.save under torch 1.6 or later");
        }
        throw new TensorFormatException(file, "not a PyTorch zip checkpoint (it does not start with a zip header; "
                + read + " bytes read)");
    }

    /** The folder every entry sits in: "archive/" for torch 1.x, the file's stem for some 2.x versions. */
    private static String archivePrefix(Path file, ZipFile zip) throws TensorFormatException {
        return zip.stream()
                .map(ZipEntry::getName)
                .filter(name -> name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length())
                .findFirst()
                .map(name -> name.substring(0, name.length() - "data.pkl".length()))
                .orElseThrow(() -> new TensorFormatException(file, "the zip holds no <archive>/data.pkl: not a "
                        + "torch.save checkpoint"));
    }

    private static void checkByteOrder(Path file, ZipFile zip, String archive) throws IOException {
        if (zip.getEntry(archive + "byteorder") != null) {
            String order = new String(readEntry(file, zip, archive + "byteorder"), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new TensorFormatException(file, "storages are '" + order + "'-endian; only little-endian "
                        + "checkpoints are supported");
            }
        }
    }

    private static byte[] readEntry(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new TensorFormatException(file, "the archive has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (ZipException | EOFException e) {
            throw new TensorFormatException(file, name + " cannot be read (" + e.getMessage() + "): truncated or "
                    + "damaged");
        }
    }

    private static void copy(InputStream in, long count, WritableByteChannel out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        for (long left = count; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException();
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            left -= read;
        }
    }
}
