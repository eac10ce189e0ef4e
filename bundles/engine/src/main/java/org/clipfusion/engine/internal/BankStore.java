package org.clipfusion.engine.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * Persisted fits: {@code <dataDirectory>/banks/<category>/<scorerId>.bank} (each bank as its scorer writes it) and
 * {@code fit.properties} (a {@link FitRecord}: references, time, derived threshold, and the SHA-256 of every bank).
 *
 * <p>Saving writes every bank to a temporary file first, renames them into place only when all were written, and
 * writes the record last: the record is what makes a fit current. A crash in between leaves bank files whose
 * checksums do not match the record; they are refused on load, so a half-saved fit is never mixed with an old one.
 */
final class BankStore {
    static final String RECORD_FILE = "fit.properties";
    static final String BANK_SUFFIX = ".bank";

    private final Path banksRoot;

    BankStore(Path dataDirectory) {
        this.banksRoot = dataDirectory.resolve("banks");
    }

    Path directoryOf(String category) {
        return banksRoot.resolve(category);
    }

    Path bankFile(String category, String scorerId) {
        return directoryOf(category).resolve(FileNames.encode(scorerId) + BANK_SUFFIX);
    }

    /** Persists the banks and then the record; returns the record with the banks' checksums. */
    FitRecord save(String category, Map<String, ReferenceBank> banks, FitRecord record) throws IOException {
        Map<String, Path> written = new LinkedHashMap<>();
        Map<String, String> checksums = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ReferenceBank> bank : banks.entrySet()) {
                MessageDigest digest = sha256();
                written.put(bank.getKey(), AtomicFiles.writeTemporary(bankFile(category, bank.getKey()), out -> {
                    DigestOutputStream digesting = new DigestOutputStream(out, digest);
                    bank.getValue().writeTo(digesting);
                    digesting.flush();
                }));
                checksums.put(bank.getKey(), hex(digest.digest()));
            }
        } catch (IOException | RuntimeException e) {
            for (Path temporary : written.values()) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
        for (Map.Entry<String, Path> bank : written.entrySet()) {
            AtomicFiles.commit(bank.getValue(), bankFile(category, bank.getKey()));
        }
        FitRecord complete = record.withBankChecksums(checksums);
        AtomicFiles.write(directoryOf(category).resolve(RECORD_FILE), out -> FitRecordFormat.write(complete, out));
        deleteBanksOtherThan(category, checksums.keySet());
        return complete;
    }

    /** Deletes the category's record first (so that a crash halfway leaves no current fit), then its banks. */
    void delete(String category) throws IOException {
        Path folder = directoryOf(category);
        if (!Files.isDirectory(folder)) {
            return;
        }
        Files.deleteIfExists(folder.resolve(RECORD_FILE));
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
            listing.forEach(files::add);
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        Files.deleteIfExists(folder);
    }

    /** The category's persisted record; empty when it was never fitted. */
    Optional<FitRecord> readRecord(String category) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(directoryOf(category)
                .resolve(RECORD_FILE)))) {
            return Optional.of(FitRecordFormat.read(in));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Reads one persisted bank back through its scorer, after checking that the file is the one the fit wrote. */
    ReferenceBank readBank(String category, String scorerId, String expectedSha256, Scorer scorer)
            throws IOException {
        Path file = bankFile(category, scorerId);
        String actual = sha256Of(file);
        if (!actual.equals(expectedSha256)) {
            throw new IOException(file + " does not match its fit record (SHA-256 " + actual + ", expected "
                    + expectedSha256 + ")");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return scorer.readBank(in);
        }
    }

    private void deleteBanksOtherThan(String category, Set<String> keptScorerIds) throws IOException {
        Set<String> kept = new HashSet<>();
        keptScorerIds.forEach(id -> kept.add(FileNames.encode(id) + BANK_SUFFIX));
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directoryOf(category), "*" + BANK_SUFFIX)) {
            for (Path file : files) {
                if (!kept.contains(file.getFileName().toString())) {
                    stale.add(file);
                }
            }
        }
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(2 * bytes.length);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
