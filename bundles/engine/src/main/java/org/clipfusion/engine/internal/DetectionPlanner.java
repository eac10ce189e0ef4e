package org.clipfusion.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;

/** Resolves a category snapshot against the services registered right now. */
final class DetectionPlanner {
    private final RankedServiceRegistry<Scorer> scorers;
    private final RankedServiceRegistry<FusionStrategy> strategies;

    DetectionPlanner(RankedServiceRegistry<Scorer> scorers, RankedServiceRegistry<FusionStrategy> strategies) {
        this.scorers = scorers;
        this.strategies = strategies;
    }

    /** @throws DetectionException naming the scorer or strategy the category needs and that is not registered */
    DetectionPlan plan(CategoryState category) throws DetectionException {
        Map<String, Scorer> chosenScorers = new LinkedHashMap<>(scorersOf(category.definition()));
        // A scorer that declares its maps and gives none the category fuses (an ablation) is not run at all.
        chosenScorers.values().removeIf(scorer -> !scorer.mapRoles().isEmpty()
                && scorer.mapRoles().stream().noneMatch(category.definition()::fuses));
        RankedServiceRegistry.Registration<FusionStrategy> strategy = strategyOf(category.definition());
        Map<String, ReferenceBank> banks = new LinkedHashMap<>();
        chosenScorers.keySet().forEach(id -> {
            ReferenceBank bank = category.bank(id);
            if (bank != null) {
                banks.put(id, bank);
            }
        });
        return new DetectionPlan(category, chosenScorers, strategy.id(), strategy.service(), banks,
                banks.isEmpty() ? List.of() : category.referenceImageIds());
    }

    /** The category's scorers in configured order, or every registered scorer by id when it names none. */
    Map<String, Scorer> scorersOf(CategoryDefinition category) throws DetectionException {
        if (category.scorers().isEmpty()) {
            Map<String, Scorer> all = scorers.all();
            if (all.isEmpty()) {
                throw new DetectionException("category '" + category.name() + "' runs every registered scorer, but"
                        + " no scorer is registered");
            }
            return all;
        }
        Map<String, Scorer> chosen = new LinkedHashMap<>();
        for (String id : category.scorers()) {
            Optional<Scorer> scorer = scorers.get(id);
            if (scorer.isEmpty()) {
                throw new DetectionException("category '" + category.name() + "' needs scorer '" + id
                        + "', which is not registered (registered: " + namesOf(scorers.all()) + ")");
            }
            chosen.put(id, scorer.get());
        }
        return chosen;
    }

    private RankedServiceRegistry.Registration<FusionStrategy> strategyOf(CategoryDefinition category)
            throws DetectionException {
        if (category.fusionStrategy().isEmpty()) {
            return strategies.highestRanked().orElseThrow(() -> new DetectionException("category '"
                    + category.name() + "' needs a fusion strategy, but none is registered"));
        }
        return strategies.preferred(category.fusionStrategy()).orElseThrow(() -> new DetectionException(
                "category '" + category.name() + "' asks for fusion strategy '" + category.fusionStrategy()
                        + "', which is not registered (registered: " + namesOf(strategies.all()) + ")"));
    }

    private static String namesOf(Map<String, ?> services) {
        return services.isEmpty() ? "none" : String.join(", ", services.keySet());
    }
}
