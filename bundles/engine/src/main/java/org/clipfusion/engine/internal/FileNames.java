package org.clipfusion.engine.internal;

import java.nio.charset.StandardCharsets;

/** Service ids as file names: reversible, portable, never a path separator or a hidden file. */
final class FileNames {
    private FileNames() {
    }

    /** Keeps letters, digits, '_', '-' and (except first) '.'; every other UTF-8 byte becomes {@code %XX}. */
    static String encode(String id) {
        StringBuilder name = new StringBuilder();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '-' || (b == '.' && i > 0);
            if (plain) {
                name.append((char) b);
            } else {
                name.append('%').append(String.format("%02X", b));
            }
        }
        return name.toString();
    }
}
