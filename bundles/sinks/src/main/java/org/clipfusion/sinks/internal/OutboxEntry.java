package org.clipfusion.sinks.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One stored result: a small header (when it was appended and for which request, so that bounds and logs need not
 * decode the result), the encoded result, and a CRC32 over both, so that a damaged file is recognised instead of
 * delivered.
 *
 * @param appendedAtMillis when the outbox stored it
 * @param requestId        the result's request id
 * @param payload          the {@link ResultCodec} bytes
 */
record OutboxEntry(long appendedAtMillis, String requestId, byte[] payload) {
    private static final int MAGIC = 0x43464f58; // "CFOX"

    byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        out.writeInt(MAGIC);
        out.writeLong(appendedAtMillis);
        out.writeInt(id.length);
        out.write(id);
        out.writeInt(payload.length);
        out.write(payload);
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    /** @throws CorruptEntryException when the bytes are truncated, not an entry, or fail the checksum */
    static OutboxEntry parse(byte[] bytes, String name) throws CorruptEntryException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new CorruptEntryException(name + " is not an outbox entry");
            }
            long appendedAt = in.getLong();
            byte[] id = new byte[checkedLength(in.getInt(), in.remaining(), name)];
            in.get(id);
            byte[] payload = new byte[checkedLength(in.getInt(), in.remaining(), name)];
            in.get(payload);
            int covered = in.position();
            long storedCrc = in.getLong();
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, covered);
            if (crc.getValue() != storedCrc || in.hasRemaining()) {
                throw new CorruptEntryException(name + " fails its checksum");
            }
            return new OutboxEntry(appendedAt, new String(id, StandardCharsets.UTF_8), payload);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptEntryException(name + " is truncated (" + bytes.length + " bytes)");
        }
    }

    private static int checkedLength(int length, int remaining, String name) throws CorruptEntryException {
        if (length < 0 || length > remaining) {
            throw new CorruptEntryException(name + " is truncated or damaged (length " + length + ", " + remaining
                    + " bytes left)");
        }
        return length;
    }
}
