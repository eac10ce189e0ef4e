package org.clipfusion.engine.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings persisted fits back: the record when a category appears, and each bank through the scorer that wrote it,
 * as soon as that scorer is registered. Whatever fails to load is logged in one line and left out: the scorer runs
 * zero-shot for that category until it is refitted (typically its weights changed and it refuses the old bank).
 */
final class PersistedFitLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PersistedFitLoader.class);

    private final RankedServiceRegistry<Scorer> scorers;

    PersistedFitLoader(RankedServiceRegistry<Scorer> scorers) {
        this.scorers = scorers;
    }

    /**
     * The category with its persisted fit and every bank whose scorer is registered now.
     *
     * @param store null while the engine is inactive: then nothing is loaded
     */
    CategoryState load(CategoryState category, BankStore store) {
        if (store == null) {
            return category.withFit(null, Map.of());
        }
        Optional<FitRecord> record;
        try {
            record = store.readRecord(category.name());
        } catch (IOException e) {
            LOG.warn("category '{}': the persisted fit in {} cannot be read ({}); zero-shot until it is refitted",
                    category.name(), store.directoryOf(category.name()), e.getMessage());
            return category.withFit(null, Map.of());
        }
        if (record.isEmpty()) {
            return category.withFit(null, Map.of());
        }
        CategoryState loaded = category.withFit(record.get(), Map.of());
        for (String scorerId : record.get().bankChecksums().keySet()) {
            loaded = loadBank(loaded, scorerId, store);
        }
        return loaded;
    }

    /** The category with the bank of one scorer (re)loaded through the scorer registered under that id now. */
    CategoryState loadBank(CategoryState category, String scorerId, BankStore store) {
        CategoryState without = category.withoutBank(scorerId);
        Optional<Scorer> scorer = scorers.get(scorerId);
        Optional<FitRecord> fit = category.fit();
        if (store == null || scorer.isEmpty() || fit.isEmpty() || !fit.get().bankChecksums().containsKey(scorerId)) {
            return without;
        }
        try {
            ReferenceBank bank = store.readBank(category.name(), scorerId, fit.get().bankChecksums().get(scorerId),
                    scorer.get());
            if (bank == null) {
                throw new IOException("the scorer read no bank");
            }
            LOG.info("category '{}': loaded the bank of scorer '{}' ({} references, fitted {})", category.name(),
                    scorerId, fit.get().referenceImageIds().size(), fit.get().fittedAt());
            return without.withBank(scorerId, bank);
        } catch (IOException | RuntimeException e) {
            LOG.warn("category '{}': the bank of scorer '{}' cannot be loaded ({}); that scorer runs zero-shot until"
                    + " the category is refitted", category.name(), scorerId, e.getMessage());
            return without;
        }
    }
}
