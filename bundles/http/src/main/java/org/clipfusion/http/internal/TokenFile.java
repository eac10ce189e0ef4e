package org.clipfusion.http.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.clipfusion.http.ApiRole;
import org.clipfusion.http.ApiToken;
import org.clipfusion.http.ApiTokens;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * Tokens in a properties file, {@code name = role,sha256-hex,created}. Secrets are {@code cf_} followed by 32 random
 * bytes in base64url; lookups compare hashes in constant time. Re-read when the file changes on disk, so a token
 * revoked by editing the file (or by another command) is refused from the next request on.
 */
final class TokenFile implements ApiTokens {
    private static final String PREFIX = "cf_";
    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private Map<String, Entry> entries = new LinkedHashMap<>();
    private long loadedModified = Long.MIN_VALUE;

    private record Entry(ApiToken token, byte[] hash) {
    }

    TokenFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized String create(String name, ApiRole role) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("token name '" + name
                    + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        reloadIfChanged();
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("a token named '" + name + "' exists; revoke it first");
        }
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Map<String, Entry> updated = new LinkedHashMap<>(entries);
        updated.put(name, new Entry(new ApiToken(name, role, Instant.now()), hash(secret)));
        save(updated);
        return secret;
    }

    @Override
    public synchronized boolean revoke(String name) throws IOException {
        reloadIfChanged();
        if (!entries.containsKey(name)) {
            return false;
        }
        Map<String, Entry> updated = new LinkedHashMap<>(entries);
        updated.remove(name);
        save(updated);
        return true;
    }

    @Override
    public synchronized List<ApiToken> list() {
        reloadQuietly();
        List<ApiToken> tokens = new ArrayList<>();
        new TreeMap<>(entries).values().forEach(entry -> tokens.add(entry.token()));
        return tokens;
    }

    @Override
    public synchronized Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        reloadQuietly();
        byte[] presented = hash(secret);
        ApiToken match = null;
        for (Entry entry : entries.values()) {
            if (MessageDigest.isEqual(entry.hash(), presented)) {
                match = entry.token();
            }
        }
        return Optional.ofNullable(match);
    }

    private void reloadQuietly() {
        try {
            reloadIfChanged();
        } catch (IOException | RuntimeException e) {
            // keep the tokens last read: a half-written file must not lock every client out
        }
    }

    private void reloadIfChanged() throws IOException {
        long modified = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) : -1;
        if (modified == loadedModified) {
            return;
        }
        Map<String, Entry> loaded = new LinkedHashMap<>();
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            for (String name : properties.stringPropertyNames()) {
                String[] fields = properties.getProperty(name).split(",");
                if (fields.length != 3) {
                    continue;
                }
                try {
                    loaded.put(name, new Entry(new ApiToken(name, ApiRole.parse(fields[0]), Instant.parse(
                            fields[2].trim())), HexFormat.of().parseHex(fields[1].trim())));
                } catch (RuntimeException e) {
                    // a malformed line grants nothing
                }
            }
        }
        entries = loaded;
        loadedModified = modified;
    }

    private void save(Map<String, Entry> updated) throws IOException {
        StringWriter text = new StringWriter();
        text.write("# ClipFusion API tokens: name = role,sha256 of the secret,created. Manage them with\n"
                + "# clipfusion:token-create / clipfusion:token-revoke; the secrets themselves are not stored.\n");
        for (Entry entry : updated.values()) {
            Properties line = new Properties();
            line.setProperty(entry.token().name(), entry.token().role().id() + ","
                    + HexFormat.of().formatHex(entry.hash()) + "," + entry.token().created());
            StringWriter one = new StringWriter();
            line.store(one, null);
            one.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.write(l + "\n"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
        entries = updated;
        loadedModified = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
