package org.clipfusion.kafka.internal.recipes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shared version of a category: its definition (the properties of its {@code org.clipfusion.category}
 * configuration) and its fit (the engine's fit record and bank files), which travel as content-addressed chunks.
 *
 * @param version     1, 2, ... per category: one more than the newest the publisher knew
 * @param digest      SHA-256 over the definition and the fit ({@link LocalRecipe#digestOf}); equal digests mean
 *                    equal recipes, whatever their versions
 * @param origin      the node that published it
 * @param definition  property to value; a value is a string or a list of strings
 * @param fit         null for a category without a fit
 */
record RecipeManifest(String category, long version, String digest, String origin, Instant publishedAt,
                      SortedMap<String, Object> definition, Fit fit) {
    RecipeManifest {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(digest, "digest");
        definition = new TreeMap<>(definition);
    }

    /** "3 (1a2b3c4d5e6f)": how results and the shell name a version. */
    String label() {
        return version + " (" + digest.substring(0, 12) + ")";
    }

    /**
     * @param record the engine's fit record ({@code fit.properties}) as it was written, byte for byte
     * @param files  the bank files the record names
     */
    record Fit(byte[] record, List<BankFile> files) {
        Fit {
            record = record.clone();
            files = List.copyOf(files);
        }
    }

    /**
     * @param name   the file's name in the category's bank folder
     * @param chunks SHA-256 of each chunk, in order
     */
    record BankFile(String name, String sha256, long size, List<String> chunks) {
        BankFile {
            chunks = List.copyOf(chunks);
        }
    }

    static Map<String, Object> copyOf(Map<String, Object> definition) {
        return new TreeMap<>(definition);
    }
}
