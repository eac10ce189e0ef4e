package org.clipfusion.tensor.torch.internal;

import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle interpreter for plain data only: numbers, strings, bytes, tuples, lists, dicts, and whatever the
 * {@link PickleEnvironment} allows (for PyTorch checkpoints, a handful of pure functions that rebuild tensors). It
 * never looks anything up by name on its own, so a pickle cannot make it run code: every {@code GLOBAL} goes through
 * the environment's allow-list, and opcodes outside protocols 0-5's binary data subset are refused, naming the
 * opcode and its offset.
 *
 * <p>Values: {@code None} → {@code null}, bool → {@link Boolean}, int → {@link Long} (or {@link BigInteger} when
 * larger), float → {@link Double}, str → {@link String}, bytes → {@code byte[]}, tuple → an unmodifiable
 * {@link List}, list → a mutable {@link List}, dict → a {@link LinkedHashMap} in insertion order.
 */
public final class SafeUnpickler {
    private static final int HIGHEST_PROTOCOL = 5;

    private final ByteBuffer input;
    private final PickleEnvironment environment;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private SafeUnpickler(byte[] pickle, PickleEnvironment environment) {
        this.input = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.environment = environment;
    }

    /** The object {@code pickle} describes. */
    public static Object load(byte[] pickle, PickleEnvironment environment) throws PickleException {
        return new SafeUnpickler(pickle, environment).run();
    }

    private Object run() throws PickleException {
        while (true) {
            int offset = input.position();
            int opcode = readUnsignedByte();
            try {
                if (opcode == '.') {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw new PickleException("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                execute(opcode);
            } catch (IndexOutOfBoundsException | ClassCastException | BufferUnderflowException e) {
                throw new PickleException("malformed pickle at byte " + offset + " (opcode " + describe(opcode)
                        + "): " + e.getMessage());
            } catch (PickleException e) {
                throw new PickleException(e.getMessage() + " (at byte " + offset + ", opcode " + describe(opcode)
                        + ")");
            }
        }
    }

    private void execute(int opcode) throws PickleException {
        switch (opcode) {
            case 0x80 -> checkProtocol(readUnsignedByte());
            case 0x95 -> readLength(8) /* FRAME: a read-ahead hint, no data of its own */;
            case '(' -> marks.push(stack.size());
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) input.getInt(advance(4)));
            case 'K' -> push((long) readUnsignedByte());
            case 'M' -> push((long) (input.getShort(advance(2)) & 0xffff));
            case 0x8a -> push(readLong(readUnsignedByte()));
            case 0x8b -> push(readLong(checkedLength(input.getInt(advance(4)))));
            case 'G' -> push(readBigEndianDouble());
            case 'X' -> push(new String(readBytes(readLength(4)), StandardCharsets.UTF_8));
            case 0x8c -> push(new String(readBytes(readUnsignedByte()), StandardCharsets.UTF_8));
            case 0x8d -> push(new String(readBytes(readLength(8)), StandardCharsets.UTF_8));
            // Python 2 str: bytes that Python 3 reads as latin-1 text by default.
            case 'T' -> push(new String(readBytes(readLength(4)), StandardCharsets.ISO_8859_1));
            case 'U' -> push(new String(readBytes(readUnsignedByte()), StandardCharsets.ISO_8859_1));
            case 'B' -> push(readBytes(readLength(4)));
            case 'C' -> push(readBytes(readUnsignedByte()));
            case 0x8e -> push(readBytes(readLength(8)));
            case ')' -> push(Collections.emptyList());
            case 't' -> push(tuple(popMark()));
            case 0x85 -> push(tupleOfLast(1));
            case 0x86 -> push(tupleOfLast(2));
            case 0x87 -> push(tupleOfLast(3));
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case 'a' -> {
                Object item = pop();
                peekList().add(item);
            }
            case 'e' -> {
                List<Object> items = popMark();
                peekList().addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, popMark());
                push(dict);
            }
            case 's' -> {
                Object value = pop();
                Object key = pop();
                peekDict().put(key, value);
            }
            case 'u' -> {
                List<Object> pairs = popMark();
                putPairs(peekDict(), pairs);
            }
            case 'q' -> memo.put((long) readUnsignedByte(), peek());
            case 'r' -> memo.put(Integer.toUnsignedLong(input.getInt(advance(4))), peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'h' -> push(memoized(readUnsignedByte()));
            case 'j' -> push(memoized(Integer.toUnsignedLong(input.getInt(advance(4)))));
            case 'c' -> push(environment.global(readLine(), readLine()));
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                push(environment.global((String) module, (String) name));
            }
            case 'R' -> {
                Object arguments = pop();
                Object callable = pop();
                push(call(callable, arguments));
            }
            case 'b' -> build(pop(), peek());
            case 'Q' -> push(environment.persistentLoad(pop()));
            default -> throw new PickleException("unsupported pickle opcode " + describe(opcode)
                    + ": only the plain-data opcodes that state dicts use are accepted");
        }
    }

    private static void checkProtocol(int protocol) throws PickleException {
        if (protocol > HIGHEST_PROTOCOL) {
            throw new PickleException("pickle protocol " + protocol + " is newer than " + HIGHEST_PROTOCOL);
        }
    }

    private Object call(Object callable, Object arguments) throws PickleException {
        if (!(callable instanceof PickleCallable function)) {
            throw new PickleException("REDUCE calls " + typeOf(callable) + ", which is not an allowed function");
        }
        if (!(arguments instanceof List<?> list)) {
            throw new PickleException("REDUCE arguments are " + typeOf(arguments) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) list;
        return function.call(args);
    }

    /**
     * {@code BUILD} sets an object's state. The only case plain data needs: attributes of a dict subclass (torch's
     * state dicts are OrderedDicts carrying {@code _metadata}), which carry no tensors and are dropped.
     */
    private static void build(Object state, Object target) throws PickleException {
        if (!(target instanceof Map<?, ?>) || !(state instanceof Map<?, ?>)) {
            throw new PickleException("BUILD of " + typeOf(target) + " with " + typeOf(state)
                    + " is not supported: only attributes of a dict are");
        }
    }

    private Object memoized(long index) throws PickleException {
        if (!memo.containsKey(index)) {
            throw new PickleException("memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> pairs) throws PickleException {
        if (pairs.size() % 2 != 0) {
            throw new PickleException("odd number of items (" + pairs.size() + ") for a dict");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(pairs.get(i), pairs.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> peekList() throws PickleException {
        Object top = peek();
        if (!(top instanceof ArrayList<?>)) {
            throw new PickleException("APPEND to " + typeOf(top) + ", not a list");
        }
        return (List<Object>) top;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> peekDict() throws PickleException {
        Object top = peek();
        if (!(top instanceof LinkedHashMap<?, ?>)) {
            throw new PickleException("SETITEM on " + typeOf(top) + ", not a dict");
        }
        return (Map<Object, Object>) top;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private List<Object> tupleOfLast(int count) throws PickleException {
        requireStack(count);
        List<Object> last = new ArrayList<>(stack.subList(stack.size() - count, stack.size()));
        stack.subList(stack.size() - count, stack.size()).clear();
        return Collections.unmodifiableList(last);
    }

    private List<Object> popMark() throws PickleException {
        if (marks.isEmpty()) {
            throw new PickleException("no MARK on the stack");
        }
        int mark = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() throws PickleException {
        requireStack(1);
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws PickleException {
        requireStack(1);
        return stack.get(stack.size() - 1);
    }

    private void requireStack(int count) throws PickleException {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() - floor < count) {
            throw new PickleException("stack underflow");
        }
    }

    private int readUnsignedByte() throws PickleException {
        if (!input.hasRemaining()) {
            throw new PickleException("pickle ends at byte " + input.position() + " without STOP: truncated");
        }
        return input.get() & 0xff;
    }

    private int advance(int count) throws PickleException {
        if (input.remaining() < count) {
            throw new PickleException("pickle ends inside a value (needs " + count + " more bytes at byte "
                    + input.position() + "): truncated");
        }
        int position = input.position();
        input.position(position + count);
        return position;
    }

    /** BINFLOAT is the one big-endian value in the format. */
    private double readBigEndianDouble() throws PickleException {
        return Double.longBitsToDouble(Long.reverseBytes(input.getLong(advance(8))));
    }

    /** A length prefix of {@code width} bytes, checked against what is left so no huge array is allocated. */
    private int readLength(int width) throws PickleException {
        long length = width == 4 ? Integer.toUnsignedLong(input.getInt(advance(4))) : input.getLong(advance(8));
        return checkedLength(length);
    }

    private int checkedLength(long length) throws PickleException {
        if (length < 0 || length > input.remaining()) {
            throw new PickleException("length " + length + " is more than the " + input.remaining()
                    + " bytes left: truncated or corrupt");
        }
        return (int) length;
    }

    private byte[] readBytes(int count) throws PickleException {
        byte[] bytes = new byte[count];
        input.get(advance(count), bytes);
        return bytes;
    }

    /** LONG1/LONG4: little-endian two's complement. */
    private Object readLong(int count) throws PickleException {
        byte[] littleEndian = readBytes(count);
        if (count == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[count];
        for (int i = 0; i < count; i++) {
            bigEndian[i] = littleEndian[count - 1 - i];
        }
        BigInteger value = new BigInteger(bigEndian);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private String readLine() throws PickleException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = readUnsignedByte()) != '\n'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static String describe(int opcode) {
        return opcode >= 0x20 && opcode < 0x7f
                ? String.format("'%c' (0x%02x)", (char) opcode, opcode)
                : String.format("0x%02x", opcode);
    }

    static String typeOf(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
