package org.clipfusion.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy {@code .npy} array held in memory: its shape, its element type and its raw little-endian data.
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0 in C order with the element types numpy writes on little-endian
 * machines for {@code float32}, {@code float64}, {@code int64}, {@code int32}, {@code uint8} and {@code bool}
 * ({@code <f4 <f8 <i8 <i4 |u1 |b1}), reported as {@link DType#F32}, {@link DType#F64}, {@link DType#I64},
 * {@link DType#I32}, {@link DType#U8} and {@link DType#BOOL}.
 * The data can be taken out as {@code float[]}, {@code double[]}, {@code long[]} or {@code int[]}, converted
 * element by element as a Java cast would. {@link #write(Path, float[], int...)} and
 * {@link #write(Path, byte[], int...)} produce version 1.0 files that {@code numpy.load} reads back.
 */
public final class NpyArray {

    /** numpy's type strings for the element types this class reads and writes, little-endian or byte-sized. */
    private static final Map<String, DType> DTYPES_BY_DESCR = Map.of(
            "<f4", DType.F32,
            "<f8", DType.F64,
            "<i8", DType.I64,
            "<i4", DType.I32,
            "|u1", DType.U8,
            "|b1", DType.BOOL);

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    private NpyArray(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads a whole {@code .npy} file.
     *
     * @throws IOException naming the file when it is not a {@code .npy} file, is truncated, is in Fortran order,
     *                     is big-endian or has another element type
     */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(bytes, file.toString());
    }

    /**
     * Parses the bytes of a {@code .npy} file; {@code sourceName} names it in error messages.
     *
     * @throws IOException as for {@link #read(Path)}
     */
    public static NpyArray parse(byte[] bytes, String sourceName) throws IOException {
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(sourceName + ": not a .npy file (missing \\x93NUMPY magic)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6] & 0xFF;
        int minor = bytes[7] & 0xFF;
        long headerLength;
        int headerStart;
        if (major == 1) {
            requireAvailable(bytes, 10, sourceName, "header length");
            headerLength = buffer.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            requireAvailable(bytes, 12, sourceName, "header length");
            headerLength = buffer.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new IOException(sourceName + ": unsupported .npy format version " + major + "." + minor);
        }
        long dataStart = headerStart + headerLength;
        requireAvailable(bytes, dataStart, sourceName, "header");
        // Version 3.0 only differs from 2.0 by allowing UTF-8 in the header; Latin-1 and UTF-8 agree on ASCII.
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        DType dtype = parseDType(header, sourceName);
        if (Boolean.parseBoolean(requireField(FORTRAN_ORDER, header, "fortran_order", sourceName).toLowerCase())) {
            throw new IOException(sourceName + ": Fortran-order arrays are not supported; save with C order");
        }
        long[] shape = parseShape(requireField(SHAPE, header, "shape", sourceName), sourceName);

        long count = elementCount(shape);
        long dataLength = count * dtype.bytesPerElement();
        long available = bytes.length - dataStart;
        if (available < dataLength) {
            throw new IOException(sourceName + ": truncated .npy file: shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + dataLength + " data bytes, only " + available + " present");
        }
        if (available > dataLength) {
            throw new IOException(sourceName + ": " + (available - dataLength)
                    + " unexpected bytes after the data of shape " + Arrays.toString(shape));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) dataLength).slice();
        return new NpyArray(dtype, shape, data);
    }

    private static DType parseDType(String header, String sourceName) throws IOException {
        String descr = requireField(DESCR, header, "descr", sourceName);
        DType dtype = DTYPES_BY_DESCR.get(descr);
        if (dtype != null) {
            return dtype;
        }
        if (descr.startsWith(">")) {
            throw new IOException(sourceName + ": big-endian dtype '" + descr + "' is not supported");
        }
        throw new IOException(sourceName + ": unsupported dtype '" + descr + "'; expected one of "
                + DTYPES_BY_DESCR.keySet().stream().sorted().toList());
    }

    private static String requireField(Pattern pattern, String header, String field, String sourceName)
            throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(sourceName + ": .npy header has no usable '" + field + "' entry: " + header.trim());
        }
        return matcher.group(1);
    }

    private static long[] parseShape(String tuple, String sourceName) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String dim = part.trim();
            if (dim.isEmpty()) {
                continue; // "(3,)" and "()" leave empty parts
            }
            try {
                long value = Long.parseLong(dim.endsWith("L") ? dim.substring(0, dim.length() - 1) : dim);
                if (value < 0) {
                    throw new NumberFormatException("negative");
                }
                dims.add(value);
            } catch (NumberFormatException e) {
                throw new IOException(sourceName + ": bad dimension '" + dim + "' in .npy shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    private static void requireAvailable(byte[] bytes, long needed, String sourceName, String what)
            throws IOException {
        if (bytes.length < needed) {
            throw new IOException(sourceName + ": truncated .npy file: " + what + " ends at byte " + needed
                    + " but the file has " + bytes.length);
        }
    }

    /** The element type as stored in the file: F32, F64, I64, I32, U8 or BOOL. */
    public DType dtype() {
        return dtype;
    }

    /** The dimensions, outermost first; empty for a 0-d array. */
    public long[] shape() {
        return shape.clone();
    }

    /** The dimensions as ints, outermost first. */
    public int[] intShape() {
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        return dims;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements (1 for a 0-d array). */
    public int size() {
        return Math.toIntExact(elementCount(shape));
    }

    /** The elements in C order, each converted to float as a Java cast does (exact for float32, uint8, bool). */
    public float[] toFloatArray() {
        int n = size();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            // Integers go straight to float: through double, int64 values would be rounded twice.
            out[i] = isFloatingPoint() ? (float) doubleAt(i) : (float) longAt(i);
        }
        return out;
    }

    /** The elements in C order widened to double (exact except for int64 values beyond 2^53). */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = doubleAt(i);
        }
        return out;
    }

    /**
     * The elements in C order as longs; only for integer and bool arrays (bool gives 0 or 1).
     *
     * @throws IllegalStateException for floating-point arrays, which would need rounding
     */
    public long[] toLongArray() {
        requireIntegral();
        int n = size();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    /**
     * The elements in C order as ints; only for integer and bool arrays.
     *
     * @throws IllegalStateException for floating-point arrays
     * @throws ArithmeticException   when an int64 value does not fit in an int
     */
    public int[] toIntArray() {
        requireIntegral();
        int n = size();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.toIntExact(longAt(i));
        }
        return out;
    }

    private boolean isFloatingPoint() {
        return dtype == DType.F32 || dtype == DType.F64;
    }

    private void requireIntegral() {
        if (isFloatingPoint()) {
            throw new IllegalStateException("array of " + dtype + " cannot be read as integers");
        }
    }

    private double doubleAt(int index) {
        return switch (dtype) {
            case F32 -> data.getFloat(index * 4);
            case F64 -> data.getDouble(index * 8);
            default -> longAt(index);
        };
    }

    private long longAt(int index) {
        return switch (dtype) {
            case I64 -> data.getLong(index * 8);
            case I32 -> data.getInt(index * 4);
            case U8 -> data.get(index) & 0xFF;
            case BOOL -> data.get(index) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    /** Writes a C-order float32 ({@code <f4}) array of the given shape as a version 1.0 {@code .npy} file. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        Objects.requireNonNull(data, "data");
        requireMatchingSize(data.length, shape);
        ByteBuffer body = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(data);
        writeFile(file, "<f4", shape, body.array());
    }

    /**
     * Writes a C-order uint8 ({@code |u1}) array of the given shape as a version 1.0 {@code .npy} file; each
     * Java byte is taken as its unsigned value 0..255.
     */
    public static void write(Path file, byte[] data, int... shape) throws IOException {
        Objects.requireNonNull(data, "data");
        requireMatchingSize(data.length, shape);
        writeFile(file, "|u1", shape, data);
    }

    private static void requireMatchingSize(int length, int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= dim;
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements, data has " + length);
        }
    }

    private static void writeFile(Path file, String descr, int[] shape, byte[] body) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int dim : shape) {
            dims.append(dim).append(", ");
        }
        // numpy writes "(n,)" for one dimension and "()" for none; "(a, b)" otherwise.
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        // Pad with spaces and a newline so that the data starts on a 64-byte boundary, as numpy does.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        if (header.length() > 0xFFFF) {
            throw new IllegalArgumentException("shape too long for a version 1.0 .npy header");
        }
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + body.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(body);
        Files.write(file, out.array());
    }
}
