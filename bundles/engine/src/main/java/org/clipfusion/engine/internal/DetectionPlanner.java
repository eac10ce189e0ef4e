package org.clipfusion.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerLease;
import org.clipfusion.api.spi.ScorerStatus;

/**
 * Resolves a category snapshot against the services registered right now, and, for work that runs on them, waits
 * (bounded) for a service that is momentarily away (its bundle is being restarted or updated, its model loading) and
 * leases the scorers' models so that none is closed under the request. A service that was never registered nor
 * announced is a configuration mistake, reported at once.
 *
 * <p>A category that pins no fusion strategy runs the strategy its calibration was made with while that one is
 * registered, so that a newly installed, higher-ranked strategy never silently voids its threshold; a refit
 * ({@link #planForFit}) or an explicit {@code fusionStrategy} adopts the new one.
 */
final class DetectionPlanner {
    /** How often a request that found a retired model looks again when no change was signalled. */
    private static final long RETRY_MILLIS = 20;

    private final RankedServiceRegistry<Scorer> scorers;
    private final RankedServiceRegistry<FusionStrategy> strategies;
    private final Function<String, Optional<ScorerStatus>> statuses;
    private final Set<String> seenScorers = ConcurrentHashMap.newKeySet();
    private final Set<String> seenStrategies = ConcurrentHashMap.newKeySet();
    private final Object changes = new Object();
    /** Guarded by {@link #changes}: counts service changes, so that a waiting request misses none. */
    private long generation;

    /** The category to plan, read afresh on every attempt (its configuration may change while a request waits). */
    @FunctionalInterface
    interface CategorySource {
        CategoryState get() throws DetectionException;
    }

    DetectionPlanner(RankedServiceRegistry<Scorer> scorers, RankedServiceRegistry<FusionStrategy> strategies) {
        this(scorers, strategies, id -> Optional.empty());
    }

    /** @param statuses the published status of a scorer configuration, by scorer id */
    DetectionPlanner(RankedServiceRegistry<Scorer> scorers, RankedServiceRegistry<FusionStrategy> strategies,
                     Function<String, Optional<ScorerStatus>> statuses) {
        this.scorers = scorers;
        this.strategies = strategies;
        this.statuses = statuses;
    }

    /** Wakes requests waiting for a service; call after every change of the registries or of a scorer's status. */
    void servicesChanged() {
        synchronized (changes) {
            generation++;
            changes.notifyAll();
        }
    }

    /** @throws DetectionException naming the scorer or strategy the category needs and that is not registered */
    DetectionPlan plan(CategoryState category) throws DetectionException {
        return plan(category, false);
    }

    /** The plan a fit calibrates: the highest-ranked strategy unless the category pins one. */
    DetectionPlan planForFit(CategoryState category) throws DetectionException {
        return plan(category, true);
    }

    /**
     * A plan with every scorer's model leased. A scorer or strategy that is not registered is waited for until
     * {@code maxWait} has passed, unless its scorer's model failed to load (then it fails at once).
     *
     * @throws DetectionException when a service is still missing after {@code maxWait}, or failed
     */
    LeasedPlan lease(CategorySource source, boolean forFit, Duration maxWait) throws DetectionException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long seen;
            synchronized (changes) {
                seen = generation;
            }
            DetectionPlan plan;
            try {
                plan = plan(source.get(), forFit);
            } catch (MissingServiceException missing) {
                if (!expectedBack(missing)) {
                    throw missing; // never registered: a configuration mistake, not a swap; say so at once
                }
                failIfLoadFailed(missing);
                if (!awaitChange(seen, deadline)) {
                    throw new DetectionException(missing.getMessage() + "; waited " + describe(maxWait)
                            + " for it (engine setting serviceWaitSeconds)");
                }
                continue;
            }
            List<ScorerLease> leases = new ArrayList<>();
            boolean complete = true;
            for (Scorer scorer : plan.scorers().values()) {
                Optional<ScorerLease> lease = scorer.acquire();
                if (lease.isEmpty()) {
                    complete = false; // retired between planning and leasing: its successor is (about to be) there
                    break;
                }
                leases.add(lease.get());
            }
            if (complete) {
                return new LeasedPlan(plan, leases);
            }
            leases.forEach(ScorerLease::close);
            if (System.nanoTime() - deadline > 0) {
                throw new DetectionException("a model of category '" + plan.definition().name() + "' was taken out"
                        + " of service and no successor was registered within " + describe(maxWait));
            }
            awaitChange(seen, Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS)));
        }
    }

    private DetectionPlan plan(CategoryState category, boolean forFit) throws DetectionException {
        Map<String, Scorer> chosenScorers = new LinkedHashMap<>(scorersOf(category.definition()));
        // A scorer that declares its maps and gives none the category fuses (an ablation) is not run at all.
        chosenScorers.values().removeIf(scorer -> !scorer.mapRoles().isEmpty()
                && scorer.mapRoles().stream().noneMatch(category.definition()::fuses));
        RankedServiceRegistry.Registration<FusionStrategy> strategy = strategyOf(category, forFit);
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
                throw new MissingServiceException("category '" + category.name() + "' runs every registered scorer,"
                        + " but no scorer is registered", MissingServiceException.Kind.ANY_SCORER, null);
            }
            return all;
        }
        Map<String, Scorer> chosen = new LinkedHashMap<>();
        for (String id : category.scorers()) {
            Optional<Scorer> scorer = scorers.get(id);
            if (scorer.isEmpty()) {
                throw new MissingServiceException("category '" + category.name() + "' needs scorer '" + id
                        + "', which is not registered (registered: " + namesOf(scorers.all()) + ")",
                        MissingServiceException.Kind.SCORER, id);
            }
            chosen.put(id, scorer.get());
        }
        return chosen;
    }

    private RankedServiceRegistry.Registration<FusionStrategy> strategyOf(CategoryState state, boolean forFit)
            throws DetectionException {
        CategoryDefinition category = state.definition();
        if (!category.fusionStrategy().isEmpty()) {
            return strategies.preferred(category.fusionStrategy()).orElseThrow(() -> new MissingServiceException(
                    "category '" + category.name() + "' asks for fusion strategy '" + category.fusionStrategy()
                            + "', which is not registered (registered: " + namesOf(strategies.all()) + ")",
                    MissingServiceException.Kind.STRATEGY, category.fusionStrategy()));
        }
        if (!forFit) {
            Optional<RankedServiceRegistry.Registration<FusionStrategy>> calibratedWith = state.fit()
                    .filter(FitRecord::calibrated)
                    .flatMap(fit -> CalibrationKey.fusionStrategyOf(fit.calibration()))
                    .flatMap(strategies::preferred);
            if (calibratedWith.isPresent()) {
                return calibratedWith.get();
            }
        }
        return strategies.highestRanked().orElseThrow(() -> new MissingServiceException("category '"
                + category.name() + "' needs a fusion strategy, but none is registered",
                MissingServiceException.Kind.ANY_STRATEGY, null));
    }

    /** Records that a scorer id was registered: while it is away later, requests wait for it. */
    void scorerSeen(String id) {
        seenScorers.add(id);
    }

    /** Records that a strategy id was registered: while it is away later, requests wait for it. */
    void strategySeen(String id) {
        seenStrategies.add(id);
    }

    /**
     * Whether a missing service is on its way back: it was registered before (its bundle is restarting or being
     * updated), or its component has published a status (its model is loading).
     */
    private boolean expectedBack(MissingServiceException missing) {
        return switch (missing.kind()) {
            case SCORER -> seenScorers.contains(missing.id()) || statuses.apply(missing.id()).isPresent();
            case ANY_SCORER -> !seenScorers.isEmpty();
            case STRATEGY -> seenStrategies.contains(missing.id());
            case ANY_STRATEGY -> !seenStrategies.isEmpty();
        };
    }

    private void failIfLoadFailed(MissingServiceException missing) throws DetectionException {
        if (missing.scorerId() == null) {
            return;
        }
        Optional<ScorerStatus> status = statuses.apply(missing.scorerId());
        if (status.isPresent() && status.get().state() == ScorerStatus.State.FAILED) {
            throw new DetectionException(missing.getMessage() + "; its model failed to load: "
                    + status.get().detail());
        }
    }

    /** Waits until a change after {@code seen} or the deadline; returns false when the deadline had passed. */
    private boolean awaitChange(long seen, long deadlineNanos) throws DetectionException {
        synchronized (changes) {
            while (generation == seen) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(changes, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DetectionException("interrupted while waiting for a scorer or fusion strategy");
                }
            }
            return true;
        }
    }

    private static String describe(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }

    private static String namesOf(Map<String, ?> services) {
        return services.isEmpty() ? "none" : String.join(", ", services.keySet());
    }
}
