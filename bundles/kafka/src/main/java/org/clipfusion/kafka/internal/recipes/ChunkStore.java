package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Chunks of shared bank files received from the recipe topic, on disk under their SHA-256 ({@code <folder>/<sha>}),
 * until a manifest that names them is applied. A chunk is stored only if its bytes match its name.
 */
final class ChunkStore {
    private final Path folder;

    ChunkStore(Path folder) {
        this.folder = folder;
    }

    /** @return false, storing nothing, when the bytes do not match the name */
    boolean put(String sha256, byte[] bytes) throws IOException {
        if (!sha256.matches("[0-9a-f]{64}") || !Sha256.of(bytes).equals(sha256)) {
            return false;
        }
        Path file = folder.resolve(sha256);
        if (!Files.exists(file)) {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, sha256, ".part");
            Files.write(temporary, bytes);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    boolean has(String sha256) {
        return Files.exists(folder.resolve(sha256));
    }

    void delete(String sha256) throws IOException {
        if (sha256.matches("[0-9a-f]{64}")) {
            Files.deleteIfExists(folder.resolve(sha256));
        }
    }

    /** Writes a bank file from its chunks and checks the whole; fails naming the file when it does not match. */
    void assemble(RecipeManifest.BankFile bank, OutputStream out) throws IOException {
        var digest = Sha256.digest();
        long size = 0;
        for (String chunk : bank.chunks()) {
            byte[] bytes = Files.readAllBytes(folder.resolve(chunk));
            digest.update(bytes);
            out.write(bytes);
            size += bytes.length;
        }
        String sha = java.util.HexFormat.of().formatHex(digest.digest());
        if (size != bank.size() || !sha.equals(bank.sha256())) {
            throw new IOException("bank " + bank.name() + " assembled from its chunks has SHA-256 " + sha + " ("
                    + size + " bytes), its manifest says " + bank.sha256() + " (" + bank.size() + " bytes)");
        }
    }
}
