package org.clipfusion.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.clipfusion.tensor.internal.BFloat16;
import org.clipfusion.tensor.internal.Float16;
import org.clipfusion.tensor.internal.SafetensorsHeader;
import org.clipfusion.tensor.internal.Shapes;

/**
 * An open {@code .safetensors} file (the Hugging Face checkpoint format): its header is read and validated
 * by {@link #open(Path)}, and tensors are then memory-mapped one at a time on request, so a multi-gigabyte
 * checkpoint costs only the tensors actually read. All offsets are {@code long}: files and tensors beyond
 * 2 GiB work.
 *
 * <p>Reading widens {@link DType#F16} and {@link DType#BF16} to {@code float} exactly. The {@code read...} methods
 * read through a small buffer instead of mapping: a mapped window stays in the process's resident memory until the
 * garbage collector happens to unmap it, which with little garbage is never, so loading a model kept its whole
 * checkpoint resident beside the weights made from it. Instances are safe to share between threads. Buffers returned
 * by {@link #map(String)} stay valid after {@link #close()}.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest array length every JVM allows. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Tensors are mapped in windows of this size; a multiple of 8 so that no element straddles two. */
    static final int DEFAULT_WINDOW_BYTES = 256 * 1024 * 1024;
    private static final int DECODE_CHUNK_ELEMENTS = 16 * 1024;
    /** Tensors are read in pieces of at most this size (a multiple of 8, so that no element straddles two). */
    private static final int READ_CHUNK_BYTES = 8 * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final int windowBytes;

    private SafetensorsFile(Path file, FileChannel channel, SafetensorsHeader header, int windowBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.windowBytes = windowBytes;
    }

    /**
     * Opens {@code file} and validates its header: size prefix, UTF-8 JSON, every entry's dtype, shape and
     * offsets, and that all tensors lie inside the file without overlapping.
     *
     * @throws TensorFormatException when the file is not a well-formed safetensors file; the message says why
     */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)}, mapping in windows of {@code windowBytes}; small windows let tests cross them. */
    static SafetensorsFile open(Path file, int windowBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        if (windowBytes <= 0 || windowBytes % Long.BYTES != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of 8 bytes, got " + windowBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel), windowBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file this was opened from. */
    public Path path() {
        return file;
    }

    /** Every tensor, sorted by key (unmodifiable). */
    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The header's {@code __metadata__} string map, in header order; empty when absent (unmodifiable). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    public boolean contains(String key) {
        return header.tensors().containsKey(key);
    }

    /**
     * The header entry of tensor {@code key}.
     *
     * @throws TensorFormatException when the file has no such tensor; the message names the key and suggests
     *     similarly named ones
     */
    public TensorInfo info(String key) throws TensorFormatException {
        TensorInfo info = header.tensors().get(key);
        if (info == null) {
            throw new TensorFormatException(file, key, "no such tensor in this file (it has "
                    + header.tensors().size() + " tensors; " + suggestionsFor(key) + ")");
        }
        return info;
    }

    /**
     * Memory-maps exactly the bytes of tensor {@code key}: read-only, little-endian, position 0.
     *
     * @throws TensorFormatException when the key is absent, or the tensor exceeds the 2 GiB a single
     *     {@link ByteBuffer} can address (then use {@link #map(String, long, int)} in parts)
     */
    public ByteBuffer map(String key) throws IOException {
        TensorInfo info = info(key);
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new TensorFormatException(file, key, "tensor is " + info.byteLength()
                    + " bytes, more than one ByteBuffer can map (" + Integer.MAX_VALUE
                    + "); map it in parts with map(key, byteOffset, byteCount)");
        }
        return mapWindow(info, 0, (int) info.byteLength());
    }

    /**
     * Memory-maps {@code byteCount} bytes of tensor {@code key} starting {@code byteOffset} bytes into it
     * (read-only, little-endian); the way to reach every part of a tensor over 2 GiB.
     *
     * @throws IndexOutOfBoundsException when the range is not inside the tensor
     */
    public ByteBuffer map(String key, long byteOffset, int byteCount) throws IOException {
        TensorInfo info = info(key);
        if (byteOffset < 0 || byteCount < 0 || byteOffset > info.byteLength() - byteCount) {
            throw new IndexOutOfBoundsException(file + ": tensor '" + key + "': byte range [" + byteOffset + ", "
                    + (byteOffset + byteCount) + ") is outside the tensor's " + info.byteLength() + " bytes");
        }
        return mapWindow(info, byteOffset, byteCount);
    }

    /**
     * Reads tensor {@code key} as floats, row-major, widening F16 and BF16 exactly.
     *
     * @throws TensorFormatException when the key is absent, its dtype is not F32/F16/BF16, or it has more
     *     elements than a Java array can hold
     */
    public float[] readFloats(String key) throws IOException {
        TensorInfo info = requireFloatTensor(key);
        float[] values = new float[arrayLengthFor(info)];
        copyFloats(info, FloatBuffer.wrap(values));
        return values;
    }

    /**
     * As {@link #readFloats(String)}, after checking that the tensor has exactly {@code expectedShape}.
     *
     * @throws TensorFormatException naming file, key, expected and actual shape when they differ
     */
    public float[] readFloats(String key, long... expectedShape) throws IOException {
        TensorInfo info = info(key);
        if (!info.hasShape(expectedShape)) {
            throw new TensorFormatException(file, key, "expected shape " + Shapes.format(expectedShape)
                    + " but the file has shape " + Shapes.format(info.shape()) + " (" + info.dtype() + ")");
        }
        return readFloats(key);
    }

    /**
     * Copies tensor {@code key} as floats into {@code destination} from its position on, advancing it by
     * the element count; meant for the direct buffers of a tensor library, so no intermediate array exists.
     *
     * @throws IllegalArgumentException when {@code destination} has fewer floats remaining than the tensor has
     * @throws TensorFormatException when the key is absent or its dtype is not F32/F16/BF16
     */
    public void readFloatsInto(String key, FloatBuffer destination) throws IOException {
        TensorInfo info = requireFloatTensor(key);
        if (destination.remaining() < info.elementCount()) {
            throw new IllegalArgumentException(file + ": tensor '" + key + "' has " + info.elementCount()
                    + " elements (shape " + Shapes.format(info.shape()) + ") but the destination buffer has room for "
                    + destination.remaining());
        }
        copyFloats(info, destination);
    }

    /**
     * Reads an {@link DType#I64} tensor, row-major.
     *
     * @throws TensorFormatException when the key is absent, its dtype is not I64, or it has more elements
     *     than a Java array can hold
     */
    public long[] readLongs(String key) throws IOException {
        TensorInfo info = info(key);
        if (!info.dtype().readableAsLongs()) {
            throw new TensorFormatException(file, key, "expected dtype I64 but the tensor is " + info.dtype());
        }
        long[] values = new long[arrayLengthFor(info)];
        LongBuffer destination = LongBuffer.wrap(values);
        ByteBuffer chunk = readBuffer(info);
        for (long offset = 0; offset < info.byteLength(); offset += chunk.capacity()) {
            destination.put(read(info, offset, chunk).asLongBuffer());
        }
        return values;
    }

    /** Closes the file; buffers already mapped remain readable. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + header.tensors().size() + " tensors]";
    }

    private TensorInfo requireFloatTensor(String key) throws TensorFormatException {
        TensorInfo info = info(key);
        if (!info.dtype().readableAsFloats()) {
            throw new TensorFormatException(file, key, "expected a floating-point dtype (F32, F16 or BF16) but the "
                    + "tensor is " + info.dtype() + (info.dtype().readableAsLongs() ? "; use readLongs" : ""));
        }
        return info;
    }

    private int arrayLengthFor(TensorInfo info) throws TensorFormatException {
        if (info.elementCount() > MAX_ARRAY_LENGTH) {
            throw new TensorFormatException(file, info.name(), "tensor has " + info.elementCount()
                    + " elements (shape " + Shapes.format(info.shape()) + "), more than a Java array can hold ("
                    + MAX_ARRAY_LENGTH + "); read it in parts with map(key, byteOffset, byteCount)");
        }
        return (int) info.elementCount();
    }

    private void copyFloats(TensorInfo info, FloatBuffer destination) throws IOException {
        ByteBuffer chunk = readBuffer(info);
        for (long offset = 0; offset < info.byteLength(); offset += chunk.capacity()) {
            ByteBuffer window = read(info, offset, chunk);
            switch (info.dtype()) {
                case F32 -> destination.put(window.asFloatBuffer());
                case F16, BF16 -> widenHalves(window.asShortBuffer(), info.dtype() == DType.F16, destination);
                default -> throw new IllegalStateException("not a float dtype: " + info.dtype());
            }
        }
    }

    // Bulk gets and puts in chunks: far faster than element-wise access on mapped and direct buffers.
    private static void widenHalves(ShortBuffer source, boolean isFloat16, FloatBuffer destination) {
        short[] bits = new short[Math.min(DECODE_CHUNK_ELEMENTS, source.remaining())];
        float[] values = new float[bits.length];
        while (source.hasRemaining()) {
            int count = Math.min(bits.length, source.remaining());
            source.get(bits, 0, count);
            for (int i = 0; i < count; i++) {
                values[i] = isFloat16 ? Float16.toFloat(bits[i]) : BFloat16.toFloat(bits[i]);
            }
            destination.put(values, 0, count);
        }
    }

    /** A buffer for reading {@code info} in pieces: never larger than the tensor, the window or 8 MiB. */
    private ByteBuffer readBuffer(TensorInfo info) {
        int size = (int) Math.min(Math.min(windowBytes, READ_CHUNK_BYTES), Math.max(Long.BYTES, info.byteLength()));
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads the piece of {@code info} at {@code offset} into {@code chunk}, ready to be consumed. */
    private ByteBuffer read(TensorInfo info, long offset, ByteBuffer chunk) throws IOException {
        long position = header.dataStart() + info.dataBegin() + offset;
        chunk.clear().limit((int) Math.min(chunk.capacity(), info.byteLength() - offset));
        while (chunk.hasRemaining()) {
            if (channel.read(chunk, position + chunk.position()) < 0) {
                throw new TensorFormatException(file, info.name(), "the file ends inside the tensor (truncated?)");
            }
        }
        return chunk.flip();
    }

    private ByteBuffer mapWindow(TensorInfo info, long offset, int length) throws IOException {
        long position = header.dataStart() + info.dataBegin() + offset;
        return channel.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private String suggestionsFor(String key) {
        SortedMap<String, TensorInfo> tensors = header.tensors();
        String similar = tensors.keySet().stream()
                .filter(candidate -> candidate.endsWith(key) || key.endsWith(candidate))
                .limit(5)
                .collect(Collectors.joining(", "));
        if (!similar.isEmpty()) {
            return "similar keys: " + similar;
        }
        return tensors.isEmpty() ? "none at all"
                : "first keys: " + tensors.keySet().stream().limit(5).collect(Collectors.joining(", "));
    }
}
