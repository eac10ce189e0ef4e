package org.clipfusion.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Damaged copies of model directories for tests of what a checker reports: a key renamed or a shape changed by
 * editing only the safetensors header (the data stays as it was), or a file cut short. Works on the raw bytes, so it
 * needs no tensor library; a checker under test cannot share a bug with it.
 */
public final class SafetensorsCopies {
    private SafetensorsCopies() {
    }

    /** Copies the regular files of {@code source} (recursively) into {@code target}; returns {@code target}. */
    public static Path copyDirectory(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                    destination.toFile().setWritable(true);
                }
            }
        }
        return target;
    }

    /** Renames tensor {@code from} to {@code to} in the header of {@code file}. */
    public static void renameKey(Path file, String from, String to) throws IOException {
        String header = header(file);
        String quoted = "\"" + from + "\"";
        if (!header.contains(quoted + ":")) {
            throw new IllegalArgumentException(file + " has no tensor " + from);
        }
        rewriteHeader(file, header.replace(quoted + ":", "\"" + to + "\":"));
    }

    /** Gives tensor {@code key} the shape {@code shape}, which must hold as many elements as before. */
    public static void setShape(Path file, String key, long... shape) throws IOException {
        String header = header(file);
        Matcher entry = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\{[^}]*\\}").matcher(header);
        if (!entry.find()) {
            throw new IllegalArgumentException(file + " has no tensor " + key);
        }
        String changed = entry.group().replaceFirst("\"shape\"\\s*:\\s*\\[[^\\]]*\\]",
                "\"shape\":" + Arrays.toString(shape).replace(" ", ""));
        rewriteHeader(file, header.substring(0, entry.start()) + changed + header.substring(entry.end()));
    }

    /** Cuts the last {@code bytes} bytes off {@code file}, as an interrupted download would. */
    public static void truncate(Path file, int bytes) throws IOException {
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length - bytes));
    }

    private static String header(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(content, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(content, 8, (int) length, StandardCharsets.UTF_8);
    }

    private static void rewriteHeader(Path file, String header) throws IOException {
        byte[] content = Files.readAllBytes(file);
        long oldLength = ByteBuffer.wrap(content, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] text = header.strip().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer result = ByteBuffer.allocate(8 + padded + content.length - 8 - (int) oldLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        result.putLong(padded).put(text);
        for (int i = text.length; i < padded; i++) {
            result.put((byte) ' ');
        }
        result.put(content, 8 + (int) oldLength, content.length - 8 - (int) oldLength);
        Files.write(file, result.array());
    }
}
