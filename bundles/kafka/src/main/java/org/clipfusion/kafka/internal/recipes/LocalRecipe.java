package org.clipfusion.kafka.internal.recipes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;

/**
 * A category as this node holds it: the definition from its configuration and the fit from the engine's bank folder
 * ({@code <dataDirectory>/banks/<category>/}: {@code fit.properties}, the engine's fit record naming each bank by its
 * SHA-256, and the {@code *.bank} files). Only the bank files the record names belong to the fit.
 *
 * @param fitRecord the record's bytes, or null without a fit
 * @param banks     file name to SHA-256, of the banks the record names
 */
record LocalRecipe(String category, SortedMap<String, Object> definition, byte[] fitRecord,
                   Map<String, String> banks) {
    static final String FIT_RECORD = "fit.properties";

    String digest() {
        return digestOf(definition, fitRecord, banks);
    }

    /**
     * SHA-256 over the definition (sorted keys, string values) and the fit (its record's bytes and each bank file's
     * name and SHA-256): what every node computes alike for the same recipe.
     */
    static String digestOf(SortedMap<String, Object> definition, byte[] fitRecord, Map<String, String> banks) {
        MessageDigest digest = Sha256.digest();
        StringBuilder text = new StringBuilder();
        definition.forEach((key, value) -> text.append("d ").append(key).append('=').append(value).append('\n'));
        new java.util.TreeMap<>(banks).forEach((name, sha) -> text.append("b ").append(name).append('=').append(sha)
                .append('\n'));
        digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
        if (fitRecord != null) {
            digest.update(fitRecord);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads the fit in {@code folder}; null record and no banks when the category was never fitted. */
    static LocalRecipe read(String category, SortedMap<String, Object> definition, Path folder,
                            BankChecksums checksums) throws IOException {
        byte[] record;
        try {
            record = Files.readAllBytes(folder.resolve(FIT_RECORD));
        } catch (NoSuchFileException e) {
            return new LocalRecipe(category, definition, null, Map.of());
        }
        Set<String> named = namedChecksums(record);
        Map<String, String> banks = new java.util.TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.bank")) {
            for (Path file : files) {
                String sha = checksums.of(file);
                if (named.contains(sha)) {
                    banks.put(file.getFileName().toString(), sha);
                }
            }
        }
        if (banks.size() != named.size()) {
            throw new IOException("the fit of category '" + category + "' in " + folder + " names " + named.size()
                    + " banks, " + banks.size() + " of them are there (a fit being written?)");
        }
        return new LocalRecipe(category, definition, record, banks);
    }

    /** The bank checksums a fit record names ({@code bank.<scorer> = <sha256>}). */
    static Set<String> namedChecksums(byte[] record) throws IOException {
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(record));
        Set<String> checksums = new HashSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("bank.")) {
                checksums.add(properties.getProperty(key).trim());
            }
        }
        return checksums;
    }

    /** The references a fit record names, in order (what the engine reports once it loaded the fit). */
    static List<String> references(byte[] record) throws IOException {
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(record));
        int count = Integer.parseInt(properties.getProperty("references", "0"));
        List<String> references = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            references.add(properties.getProperty("reference." + i));
        }
        return references;
    }
}
