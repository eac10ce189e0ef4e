package org.clipfusion.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.clipfusion.tensor.internal.BFloat16;
import org.clipfusion.tensor.internal.Float16;
import org.clipfusion.tensor.internal.JsonStrings;
import org.clipfusion.tensor.internal.SafetensorsHeader;
import org.clipfusion.tensor.internal.Shapes;

/**
 * Builds a {@code .safetensors} file from in-memory tensors: collect them with {@link #addFloats} and
 * {@link #addLongs} (and {@link #putMetadata}), then {@link #writeTo(Path)}. Tensors too large to hold in memory, or
 * of any other dtype, are added with {@link #addBytes}: their bytes are streamed in while the file is written.
 *
 * <p>The layout is the conventional one: compact JSON header with {@code __metadata__} first and the tensors in
 * key order, padded with spaces to a multiple of 8 bytes, then the data little-endian in key order. Floats
 * narrowed to F16 or BF16 are rounded to nearest, ties to even, as PyTorch and numpy do. Arrays handed in
 * are not copied: leave them unchanged until {@link #writeTo(Path)} returns. Not thread-safe.
 */
public final class SafetensorsWriter {
    private static final int HEADER_ALIGNMENT = 8;
    private static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final SortedMap<String, PendingTensor> tensors = new TreeMap<>();
    private final SortedMap<String, String> metadata = new TreeMap<>();

    /** One tensor waiting to be written; exactly one of the two arrays or the byte source is set. */
    private record PendingTensor(DType dtype, long[] shape, float[] floats, long[] longs, ByteSource bytes) {
    }

    /** Supplies a tensor's raw little-endian bytes, row-major, when {@link #writeTo(Path)} reaches it. */
    @FunctionalInterface
    public interface ByteSource {
        /** Writes exactly the tensor's bytes to {@code channel}. */
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    /** Adds an entry to {@code __metadata__} (written in key order), replacing any earlier value. */
    public SafetensorsWriter putMetadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a floating-point tensor, stored as {@code dtype}.
     *
     * @param dtype F32, F16 or BF16
     * @param shape dimensions, outermost first; empty for a scalar (copied)
     * @param values row-major, exactly as many as the shape holds
     * @throws IllegalArgumentException for another dtype, a value count that does not match the shape, or a
     *     key that is empty, reserved ({@code __metadata__}) or already added
     */
    public SafetensorsWriter addFloats(String key, DType dtype, long[] shape, float[] values) {
        if (!Objects.requireNonNull(dtype, "dtype").readableAsFloats()) {
            throw new IllegalArgumentException("tensor '" + key + "': float values can be stored as F32, F16 or "
                    + "BF16, not " + dtype);
        }
        add(key, new PendingTensor(dtype, checkedShape(key, shape, values.length), values, null, null));
        return this;
    }

    /**
     * Adds an {@link DType#I64} tensor.
     *
     * @param shape dimensions, outermost first; empty for a scalar (copied)
     * @param values row-major, exactly as many as the shape holds
     * @throws IllegalArgumentException as for {@link #addFloats}
     */
    public SafetensorsWriter addLongs(String key, long[] shape, long[] values) {
        add(key, new PendingTensor(DType.I64, checkedShape(key, shape, values.length), null, values, null));
        return this;
    }

    /**
     * Adds a tensor of any dtype whose raw bytes {@code source} writes during {@link #writeTo(Path)}; nothing is
     * held in memory meanwhile.
     *
     * @param shape dimensions, outermost first; empty for a scalar (copied)
     * @throws IllegalArgumentException for a key as in {@link #addFloats}, or a shape too large to address;
     *     {@link #writeTo(Path)} fails when the source writes another byte count than dtype and shape need
     */
    public SafetensorsWriter addBytes(String key, DType dtype, long[] shape, ByteSource source) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(source, "source");
        long[] copy = shape.clone();
        try {
            Math.multiplyExact(Shapes.elementCount(copy), (long) dtype.bytesPerElement());
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("tensor '" + key + "': shape " + Shapes.format(copy) + " is too large");
        }
        add(key, new PendingTensor(dtype, copy, null, null, source));
        return this;
    }

    /**
     * Writes all tensors to {@code file}, replacing it atomically: the bytes go to a temporary file in the
     * same directory that is then moved over the target, so readers never see a half-written checkpoint.
     */
    public void writeTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                writeContent(channel);
                channel.force(true);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void add(String key, PendingTensor tensor) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.equals(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + key + "' cannot be a tensor key");
        }
        if (tensors.putIfAbsent(key, tensor) != null) {
            throw new IllegalArgumentException("tensor '" + key + "' was already added");
        }
    }

    private static long[] checkedShape(String key, long[] shape, int valueCount) {
        long[] copy = shape.clone();
        long expected;
        try {
            expected = Shapes.elementCount(copy);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("tensor '" + key + "': shape " + Shapes.format(copy) + " is too large");
        }
        if (expected != valueCount) {
            throw new IllegalArgumentException("tensor '" + key + "': shape " + Shapes.format(copy) + " holds "
                    + expected + " values but " + valueCount + " were given");
        }
        return copy;
    }

    private void writeContent(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WRITE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = headerBytes();
        buffer.putLong(header.length);
        flush(channel, buffer);
        writeFully(channel, ByteBuffer.wrap(header));
        for (Map.Entry<String, PendingTensor> entry : tensors.entrySet()) {
            PendingTensor tensor = entry.getValue();
            if (tensor.bytes() != null) {
                flush(channel, buffer);
                writeStreamed(channel, entry.getKey(), tensor);
                continue;
            }
            if (tensor.longs() != null) {
                for (long value : tensor.longs()) {
                    ensureRoom(channel, buffer, Long.BYTES).putLong(value);
                }
                continue;
            }
            for (float value : tensor.floats()) {
                switch (tensor.dtype()) {
                    case F32 -> ensureRoom(channel, buffer, Float.BYTES).putFloat(value);
                    case F16 -> ensureRoom(channel, buffer, Short.BYTES).putShort(Float16.fromFloat(value));
                    case BF16 -> ensureRoom(channel, buffer, Short.BYTES).putShort(BFloat16.fromFloat(value));
                    default -> throw new IllegalStateException("unexpected dtype " + tensor.dtype());
                }
            }
        }
        flush(channel, buffer);
    }

    private static void writeStreamed(FileChannel channel, String key, PendingTensor tensor) throws IOException {
        long expected = Shapes.elementCount(tensor.shape()) * tensor.dtype().bytesPerElement();
        long before = channel.position();
        tensor.bytes().writeTo(channel);
        long written = channel.position() - before;
        if (written != expected) {
            // The header already promised `expected` bytes: a different count would shift every later tensor.
            throw new IOException("tensor '" + key + "': its source wrote " + written + " bytes but " + tensor.dtype()
                    + " " + Shapes.format(tensor.shape()) + " needs " + expected);
        }
    }

    private byte[] headerBytes() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            JsonStrings.appendQuoted(json, SafetensorsHeader.METADATA_KEY).append(":{");
            String separator = "";
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                json.append(separator);
                JsonStrings.appendQuoted(json, entry.getKey()).append(':');
                JsonStrings.appendQuoted(json, entry.getValue());
                separator = ",";
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, PendingTensor> entry : tensors.entrySet()) {
            PendingTensor tensor = entry.getValue();
            long end = offset + Shapes.elementCount(tensor.shape()) * tensor.dtype().bytesPerElement();
            json.append(json.length() > 1 ? "," : "");
            JsonStrings.appendQuoted(json, entry.getKey())
                    .append(":{\"dtype\":\"").append(tensor.dtype().name())
                    .append("\",\"shape\":").append(Shapes.format(tensor.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        // Space padding keeps the data section 8-byte aligned; JSON ignores trailing whitespace.
        int padding = (HEADER_ALIGNMENT - text.length % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        byte[] padded = new byte[text.length + padding];
        System.arraycopy(text, 0, padded, 0, text.length);
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }

    private static ByteBuffer ensureRoom(FileChannel channel, ByteBuffer buffer, int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush(channel, buffer);
        }
        return buffer;
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        writeFully(channel, buffer.flip());
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
