package org.clipfusion.tensor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.TensorFormatException;
import org.clipfusion.tensor.TensorInfo;

/**
 * The validated header of a safetensors file: an 8-byte little-endian length N, then N bytes of UTF-8 JSON
 * mapping each tensor key to {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of strings. The data section starts at byte {@code 8 + N}.
 *
 * <p>Everything that could make a later read go wrong is checked here, once, so that reading a tensor never
 * meets a surprise: offsets that disagree with dtype and shape, that reach past the end of the file, or
 * that overlap another tensor. Gaps between tensors are tolerated.
 */
public final class SafetensorsHeader {
    /** The key of the free-form string map that is not a tensor. */
    public static final String METADATA_KEY = "__metadata__";
    /** Real headers are kilobytes; a larger length means a corrupt or foreign file, not a big model. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final int LENGTH_PREFIX_BYTES = 8;

    private final long dataStart;
    private final SortedMap<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsHeader(long dataStart, SortedMap<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableSortedMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Reads and validates the header of {@code file}, open as {@code channel}. */
    public static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < LENGTH_PREFIX_BYTES) {
            throw new TensorFormatException(file, "file is only " + fileSize
                    + " bytes, shorter than the 8-byte header length that starts every safetensors file");
        }
        long headerLength = readFully(channel, 0, LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
            throw new TensorFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " (u64 little-endian at byte 0) is absurd: more than " + MAX_HEADER_BYTES
                    + " bytes; this is not a safetensors file or it is corrupt");
        }
        long available = fileSize - LENGTH_PREFIX_BYTES;
        if (headerLength > available) {
            throw new TensorFormatException(file, "header length " + headerLength + " is larger than the "
                    + available + " bytes after the length prefix (file size " + fileSize
                    + "): truncated, or not a safetensors file");
        }
        String json = decodeUtf8(file, readFully(channel, LENGTH_PREFIX_BYTES, (int) headerLength));
        long dataStart = LENGTH_PREFIX_BYTES + headerLength;
        return interpret(file, parseJsonObject(file, json), dataStart, fileSize);
    }

    /** Absolute file position of the data section, which tensor offsets are relative to. */
    public long dataStart() {
        return dataStart;
    }

    /** The tensors, sorted by key. */
    public SortedMap<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} entries, in header order; empty when there are none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    private static SafetensorsHeader interpret(Path file, Map<?, ?> header, long dataStart, long fileSize)
            throws TensorFormatException {
        SortedMap<String, TensorInfo> tensors = new TreeMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : header.entrySet()) {
            String key = (String) entry.getKey();
            if (key.equals(METADATA_KEY)) {
                metadata = readMetadata(file, entry.getValue());
            } else {
                TensorInfo info = readTensorEntry(file, key, entry.getValue());
                checkInsideFile(file, info, dataStart, fileSize);
                tensors.put(key, info);
            }
        }
        checkNoOverlap(file, tensors.values());
        return new SafetensorsHeader(dataStart, tensors, metadata);
    }

    private static Map<String, String> readMetadata(Path file, Object value) throws TensorFormatException {
        if (!(value instanceof Map<?, ?> entries)) {
            throw new TensorFormatException(file, "\"" + METADATA_KEY + "\" must be a JSON object of strings, got "
                    + describeJson(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (!(entry.getValue() instanceof String text)) {
                throw new TensorFormatException(file, "\"" + METADATA_KEY + "\" entry \"" + entry.getKey()
                        + "\" must be a string, got " + describeJson(entry.getValue()));
            }
            metadata.put((String) entry.getKey(), text);
        }
        return metadata;
    }

    private static TensorInfo readTensorEntry(Path file, String key, Object value) throws TensorFormatException {
        if (!(value instanceof Map<?, ?> fields)) {
            throw new TensorFormatException(file, key, "header entry must be a JSON object with dtype, shape and "
                    + "data_offsets, got " + describeJson(value));
        }
        Object dtypeName = requireField(file, key, fields, "dtype");
        if (!(dtypeName instanceof String name)) {
            throw new TensorFormatException(file, key, "dtype must be a string, got " + describeJson(dtypeName));
        }
        DType dtype = DType.forName(name).orElseThrow(() -> new TensorFormatException(file, key,
                "unknown dtype \"" + name + "\"; safetensors dtypes are " + Arrays.toString(DType.values())));
        long[] shape = readNonNegativeIntegers(file, key, "shape", requireField(file, key, fields, "shape"));
        long[] offsets = readNonNegativeIntegers(file, key, "data_offsets",
                requireField(file, key, fields, "data_offsets"));
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new TensorFormatException(file, key, "data_offsets must be [begin, end] with begin <= end, got "
                    + Shapes.format(offsets));
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(Shapes.elementCount(shape), (long) dtype.bytesPerElement());
        } catch (ArithmeticException overflow) {
            throw new TensorFormatException(file, key, "shape " + Shapes.format(shape)
                    + " has more bytes than a 64-bit offset can address");
        }
        long actualBytes = offsets[1] - offsets[0];
        if (actualBytes != expectedBytes) {
            throw new TensorFormatException(file, key, "data_offsets " + Shapes.format(offsets) + " span "
                    + actualBytes + " bytes but dtype " + dtype + " with shape " + Shapes.format(shape) + " needs "
                    + expectedBytes + " bytes (" + Shapes.elementCount(shape) + " elements x "
                    + dtype.bytesPerElement() + ")");
        }
        return new TensorInfo(key, dtype, shape, offsets[0], offsets[1]);
    }

    private static Object requireField(Path file, String key, Map<?, ?> fields, String field)
            throws TensorFormatException {
        if (!fields.containsKey(field)) {
            throw new TensorFormatException(file, key, "header entry has no \"" + field + "\" (it has "
                    + fields.keySet() + ")");
        }
        return fields.get(field);
    }

    private static long[] readNonNegativeIntegers(Path file, String key, String field, Object value)
            throws TensorFormatException {
        if (!(value instanceof List<?> elements)) {
            throw new TensorFormatException(file, key, field + " must be a JSON array of integers, got "
                    + describeJson(value));
        }
        long[] result = new long[elements.size()];
        for (int i = 0; i < result.length; i++) {
            Object element = elements.get(i);
            if (!(element instanceof Long number) || number < 0) {
                throw new TensorFormatException(file, key, field + "[" + i
                        + "] must be a non-negative integer below 2^63, got " + describeJson(element));
            }
            result[i] = number;
        }
        return result;
    }

    private static void checkInsideFile(Path file, TensorInfo info, long dataStart, long fileSize)
            throws TensorFormatException {
        long neededFileSize = dataStart + info.dataEnd();
        if (neededFileSize < 0 || neededFileSize > fileSize) {
            throw new TensorFormatException(file, info.name(), "truncated: tensor " + info.name()
                    + " needs bytes up to " + (neededFileSize < 0 ? "beyond 2^63" : Long.toString(neededFileSize))
                    + " but the file has " + fileSize + " (data section starts at byte " + dataStart + ")");
        }
    }

    private static void checkNoOverlap(Path file, Iterable<TensorInfo> tensors) throws TensorFormatException {
        List<TensorInfo> byOffset = new ArrayList<>();
        for (TensorInfo info : tensors) {
            // An empty tensor occupies no bytes, so it cannot collide with anything.
            if (info.byteLength() > 0) {
                byOffset.add(info);
            }
        }
        byOffset.sort(Comparator.comparingLong(TensorInfo::dataBegin));
        TensorInfo furthest = null;
        for (TensorInfo info : byOffset) {
            if (furthest != null && info.dataBegin() < furthest.dataEnd()) {
                throw new TensorFormatException(file, info.name(), "overlapping tensors: '" + furthest.name()
                        + "' occupies data bytes [" + furthest.dataBegin() + ", " + furthest.dataEnd() + ") and '"
                        + info.name() + "' occupies [" + info.dataBegin() + ", " + info.dataEnd() + ")");
            }
            if (furthest == null || info.dataEnd() > furthest.dataEnd()) {
                furthest = info;
            }
        }
    }

    private static Map<?, ?> parseJsonObject(Path file, String json) throws TensorFormatException {
        Object parsed;
        try {
            parsed = JsonParser.parse(json);
        } catch (JsonParseException e) {
            throw new TensorFormatException(file, null, "header is not valid JSON: " + e.getMessage()
                    + " (header starts: " + excerpt(json) + ")", e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new TensorFormatException(file, "header must be a JSON object, got " + describeJson(parsed));
        }
        return header;
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) throws TensorFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new TensorFormatException(file, "header is not valid UTF-8 (bad byte at header offset "
                    + bytes.position() + ", file byte " + (LENGTH_PREFIX_BYTES + bytes.position()) + ")");
        }
        return chars.flip().toString();
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static String excerpt(String json) {
        String start = json.length() <= 60 ? json : json.substring(0, 60) + "...";
        return '"' + start.replaceAll("\\p{Cntrl}", "?") + '"';
    }

    private static String describeJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "the string \"" + text + "\"";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof List ? "the array " + value : value.toString();
    }
}
