package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;
import org.osgi.service.cm.Configuration;

/**
 * Makes a shared recipe this node's: writes the fit's bank files and then its record into the engine's bank folder
 * (the record last, as the engine itself does, so a half-written fit is never current), then sets the category's
 * configuration. A changed fit needs the engine to read the folder again, which it does when a category appears: the
 * configuration is then removed and created anew, and this waits until the engine reports the category with the
 * fit's references. Runs on the request thread, so no Kafka request meets the category while it is replaced.
 */
final class RecipeApplier {
    private static final long ENGINE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path banksRoot;
    private final ChunkStore chunks;
    private final CategoryDefinitions definitions;
    private final CategoryManager categories;

    RecipeApplier(Path banksRoot, ChunkStore chunks, CategoryDefinitions definitions, CategoryManager categories) {
        this.banksRoot = banksRoot;
        this.chunks = chunks;
        this.definitions = definitions;
        this.categories = categories;
    }

    Path folderOf(String category) {
        return banksRoot.resolve(category);
    }

    /** Whether every chunk the manifest names has arrived. */
    boolean complete(RecipeManifest manifest) {
        return manifest.fit() == null || manifest.fit().files().stream()
                .allMatch(file -> file.chunks().stream().allMatch(chunks::has));
    }

    /** @param local this node's current state of the category, or null if it has none */
    void apply(RecipeManifest manifest, LocalRecipe local) throws IOException, InterruptedException {
        boolean fitChanged = local == null || !sameFit(manifest, local);
        if (fitChanged) {
            writeFit(manifest);
        }
        Optional<Configuration> configuration = definitions.find(manifest.category());
        if (configuration.isPresent() && !fitChanged) {
            definitions.update(configuration.get(), manifest.definition());
            return;
        }
        if (configuration.isPresent()) {
            configuration.get().delete();
            awaitEngine(manifest.category(), info -> info.isEmpty(), "withdraw category '" + manifest.category() + "'");
        }
        definitions.create(manifest.category(), manifest.definition());
        List<String> references = manifest.fit() == null ? List.of()
                : LocalRecipe.references(manifest.fit().record());
        awaitEngine(manifest.category(), info -> info.isPresent() && info.get().referenceImageIds().equals(references),
                "offer category '" + manifest.category() + "' with the shared fit (" + references.size()
                        + " references)");
    }

    private static boolean sameFit(RecipeManifest manifest, LocalRecipe local) {
        if (manifest.fit() == null || local.fitRecord() == null) {
            return manifest.fit() == null && local.fitRecord() == null;
        }
        Set<String> shared = new HashSet<>();
        manifest.fit().files().forEach(file -> shared.add(file.name() + "=" + file.sha256()));
        Set<String> held = new HashSet<>();
        local.banks().forEach((name, sha) -> held.add(name + "=" + sha));
        return Arrays.equals(manifest.fit().record(), local.fitRecord()) && shared.equals(held);
    }

    private void writeFit(RecipeManifest manifest) throws IOException {
        Path folder = folderOf(manifest.category());
        Files.createDirectories(folder);
        Set<String> kept = new HashSet<>();
        if (manifest.fit() == null) {
            Files.deleteIfExists(folder.resolve(LocalRecipe.FIT_RECORD));
        } else {
            for (RecipeManifest.BankFile bank : manifest.fit().files()) {
                Path temporary = Files.createTempFile(folder, bank.name(), ".part");
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    chunks.assemble(bank, out);
                } catch (IOException e) {
                    Files.deleteIfExists(temporary);
                    throw e;
                }
                Files.move(temporary, folder.resolve(bank.name()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                kept.add(bank.name());
            }
            Path temporary = Files.createTempFile(folder, LocalRecipe.FIT_RECORD, ".part");
            Files.write(temporary, manifest.fit().record());
            Files.move(temporary, folder.resolve(LocalRecipe.FIT_RECORD), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.bank")) {
            for (Path file : files) {
                if (!kept.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void awaitEngine(String category, java.util.function.Predicate<Optional<CategoryInfo>> condition,
                             String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ENGINE_WAIT_NANOS;
        while (!condition.test(categories.category(category))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the engine did not " + what + " within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
