package org.clipfusion.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-assembled safetensors bytes, so tests can build files the writer would never produce. */
final class RawSafetensors {
    private RawSafetensors() {
    }

    /** A file with {@code headerJson} (space-padded to a multiple of 8) and then {@code dataBytes} zero bytes. */
    static Path write(Path file, String headerJson, int dataBytes) throws IOException {
        byte[] header = paddedHeader(headerJson);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return Files.write(file, bytes.array());
    }

    /** A file whose length prefix says {@code declaredHeaderLength}, followed by {@code rest}. */
    static Path writeWithLength(Path file, long declaredHeaderLength, byte[] rest) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(declaredHeaderLength).put(rest);
        return Files.write(file, bytes.array());
    }

    static byte[] paddedHeader(String headerJson) {
        StringBuilder padded = new StringBuilder(headerJson);
        while (padded.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            padded.append(' ');
        }
        return padded.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "key":{"dtype":...,"shape":[...],"data_offsets":[begin,end]}} */
    static String entry(String key, String dtype, String shape, long begin, long end) {
        return "\"" + key + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }
}
