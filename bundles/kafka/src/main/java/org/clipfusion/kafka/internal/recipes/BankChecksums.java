package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * SHA-256 of bank files, remembered by path, size and modification time: the periodic scan for local changes must not
 * hash hundreds of megabytes every few seconds.
 */
final class BankChecksums {
    private record Key(Path file, long size, long modified) {
    }

    private final Map<Key, String> known = new HashMap<>();

    String of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Key key = new Key(file.toAbsolutePath(), attributes.size(), attributes.lastModifiedTime().toMillis());
        String sha = known.get(key);
        if (sha == null) {
            if (known.size() > 10_000) {
                known.clear();
            }
            sha = Sha256.of(file);
            known.put(key, sha);
        }
        return sha;
    }
}
