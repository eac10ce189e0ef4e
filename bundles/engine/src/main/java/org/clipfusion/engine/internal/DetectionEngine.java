package org.clipfusion.engine.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ResultOutbox;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerStatus;
import org.clipfusion.engine.CategoryInfo;
import org.osgi.framework.BundleContext;
import org.clipfusion.engine.CategoryNames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection engine: the {@link Detector} service, the engine behind {@code CategoryManager}
 * ({@link CategoryAdministration}), and the {@link CategoryRegistry} that {@link CategoryComponent}s offer their
 * categories to.
 *
 * <p>Scorers and fusion strategies are tracked openHAB-style, by dynamic greedy multiple references into
 * {@link RankedServiceRegistry registries}; each request resolves its category against them once, when it starts
 * ({@link DetectionPlanner}), keeps the instances it got and leases their models, so installing, updating or
 * removing a service never fails a request in flight and is picked up by the next one. A service a category needs
 * that is momentarily absent (its bundle restarting, its model loading) is waited for, bounded by
 * {@code serviceWaitSeconds}; a missing outbox likewise, by {@code outboxWaitSeconds}: a result is never returned
 * unrecorded while the sinks are installed. The engine configuration can change at run time too ({@link #modified}):
 * requests in flight finish with the settings they started with.
 */
@Component(service = {Detector.class, CategoryAdministration.class, CategoryRegistry.class}, immediate = true,
        configurationPid = DetectionEngine.PID)
@Designate(ocd = EngineConfig.class)
public class DetectionEngine implements Detector, CategoryAdministration, CategoryRegistry {
    static final String PID = "org.clipfusion.engine";
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);

    private final RankedServiceRegistry<Scorer> scorers = new RankedServiceRegistry<>(Scorer::id);
    private final RankedServiceRegistry<FusionStrategy> strategies = new RankedServiceRegistry<>(FusionStrategy::id);
    /** The published status of each scorer configuration, by scorer id. */
    private final Map<String, ScorerStatus> scorerStatuses = new ConcurrentHashMap<>();
    private final DetectionPlanner planner = new DetectionPlanner(scorers, strategies,
            id -> Optional.ofNullable(scorerStatuses.get(id)));
    private final ThresholdWatch thresholdWatch = new ThresholdWatch();
    private final OutboxWaiter outboxes = new OutboxWaiter();
    private final CategoryTable categories = new CategoryTable(new PersistedFitLoader(scorers));
    /** One lock per category: fits of one category run one at a time, fits of different categories in parallel. */
    private final ConcurrentHashMap<String, Object> fitLocks = new ConcurrentHashMap<>();
    /** Configurations that offer nothing because they are invalid: owner → (name, error). */
    private final ConcurrentHashMap<Object, Map.Entry<String, String>> invalid = new ConcurrentHashMap<>();
    /** The owners of the categories {@link #openTemporary} offered, by name. */
    private final ConcurrentHashMap<String, Object> temporaryOwners = new ConcurrentHashMap<>();
    private final Object scorerChangeLock = new Object();
    private final String softwareVersion = SoftwareVersion.ofEngine();
    private volatile EngineRuntime runtime;
    private volatile EventAdmin eventAdmin;

    @Activate
    void activate(BundleContext context, EngineConfig config) {
        outboxes.useFramework(context);
        runtime = new EngineRuntime(EngineSettings.from(config));
        LOG.info("detection engine active: {}", runtime.settings());
    }

    @Modified
    void modified(EngineConfig config) {
        EngineRuntime previous = runtime;
        EngineRuntime next = new EngineRuntime(EngineSettings.from(config));
        runtime = next;
        if (previous != null) {
            previous.close();
            if (!previous.settings().dataDirectory().equals(next.settings().dataDirectory())) {
                categories.reloadAll(next.bankStore());
            }
        }
        LOG.info("detection engine reconfigured: {}", next.settings());
        reviewThresholds(); // a new grid or smoothing voids calibrations: say so
    }

    @Deactivate
    void deactivate() {
        EngineRuntime current = runtime;
        runtime = null;
        if (current != null) {
            current.close();
        }
        categories.clear();
        invalid.clear();
    }

    // --- Detector -----------------------------------------------------------------------------------------------

    @Override
    public DetectionResult detect(DetectionRequest request) throws DetectionException {
        long started = System.nanoTime();
        try {
            EngineRuntime current = requireRuntime();
            current.settings().requireUsableSize(request.image());
            DetectionResult result;
            ScoredImage scored;
            boolean deliver;
            try (LeasedPlan leased = planner.lease(() -> requireCategory(request.category()), false,
                    current.settings().serviceWait())) {
                DetectionPlan plan = leased.plan();
                scored = DetectionPipeline.score(request.image(), plan, current);
                String key = plan.calibrationKey(current.settings());
                result = ResultAssembler.assemble(request, plan, scored, plan.category().threshold(key),
                        plan.category().pixelThreshold(key), softwareVersion);
                deliver = plan.definition().deliverToSinks();
            }
            if (deliver) {
                outboxes.record(result, current.settings().outboxWait());
            }
            publish(result, System.nanoTime() - started, scored.scorerNanos());
            return result;
        } catch (DetectionException | RuntimeException e) {
            publishFailure(request, e);
            throw e;
        }
    }

    @Override
    public Set<String> categories() {
        return categories.names();
    }

    // --- CategoryAdministration (published as CategoryManager by CategoryManagerComponent) ---------------------

    @Override
    public List<CategoryInfo> categoryInfos() {
        return categories.all().stream().map(this::infoOf).toList();
    }

    @Override
    public Optional<CategoryInfo> categoryInfo(String name) {
        return Optional.ofNullable(name == null ? null : categories.get(name)).map(this::infoOf);
    }

    /**
     * Fits run one at a time per category, concurrently with detections: those started before the fit is installed
     * keep the old banks and threshold, later ones get the new.
     */
    @Override
    public CategoryInfo fit(String category, List<InspectionImage> references) throws DetectionException {
        Objects.requireNonNull(references, "references");
        requireCategory(category); // before taking a lock, so that unknown names leave nothing behind
        synchronized (fitLocks.computeIfAbsent(category, name -> new Object())) {
            EngineRuntime current = requireRuntime();
            for (InspectionImage reference : references) {
                current.settings().requireUsableSize(reference);
            }
            CategoryFitter.Outcome outcome;
            try (LeasedPlan leased = planner.lease(() -> requireCategory(category), true,
                    current.settings().serviceWait())) {
                outcome = CategoryFitter.fit(leased.plan(), List.copyOf(references), current);
            }
            categories.installFit(category, outcome);
            reviewThresholds();
            LOG.info("category '{}' fitted on {} references; banks of {}; threshold: {}", category,
                    references.size(), outcome.banks().keySet(), outcome.record().threshold());
            return categoryInfo(category).orElseThrow(() -> new DetectionException("category '" + category
                    + "' was removed while it was being fitted"));
        }
    }

    /** Under the category's fit lock, so that a fit running meanwhile cannot write its files back afterwards. */
    @Override
    public void deleteFit(String category) throws DetectionException {
        Optional<String> problem = CategoryNames.problem(category);
        if (problem.isPresent()) {
            throw new DetectionException("category name '" + category + "' " + problem.get());
        }
        synchronized (fitLocks.computeIfAbsent(category, name -> new Object())) {
            BankStore store = requireRuntime().bankStore();
            try {
                store.delete(category);
            } catch (IOException e) {
                throw new DetectionException("category '" + category + "': its fit could not be deleted from "
                        + store.directoryOf(category) + ": " + e, e);
            }
            categories.dropFit(category);
            LOG.info("category '{}': fit deleted", category);
        }
    }

    @Override
    public void openTemporary(String name, String template, String objectName, long seed,
                              Map<String, String> overrides) throws DetectionException {
        Object owner = new Object();
        if (temporaryOwners.putIfAbsent(name, owner) != null) {
            throw new DetectionException("temporary category '" + name + "' is already open");
        }
        try {
            deleteFit(name); // validates the name; a crash may have left a fit behind
            CategoryDefinition base = template.isBlank() ? defaultsOf(name)
                    : requireCategory(template.trim()).definition();
            CategoryDefinition temporary;
            try {
                temporary = base.asTemporary(name, objectName.isBlank() ? name.replace('_', ' ')
                        : objectName.trim(), seed, overrides);
            } catch (InvalidCategoryException e) {
                throw new DetectionException(e.getMessage(), e);
            }
            if (!categories.offer(owner, temporary, requireStore())) {
                throw new DetectionException("category '" + name + "' is configured already; a temporary category"
                        + " needs a name of its own");
            }
        } catch (DetectionException | RuntimeException e) {
            temporaryOwners.remove(name, owner);
            withdraw(owner);
            throw e;
        }
    }

    private static CategoryDefinition defaultsOf(String name) throws DetectionException {
        try {
            return CategoryDefinition.defaults(name);
        } catch (InvalidCategoryException e) {
            throw new DetectionException(e.getMessage(), e);
        }
    }

    @Override
    public void closeTemporary(String name) throws DetectionException {
        Object owner = temporaryOwners.remove(name);
        if (owner != null) {
            withdraw(owner);
            deleteFit(name);
        }
    }

    // --- CategoryRegistry -------------------------------------------------------------------------------------

    @Override
    public boolean offer(Object owner, CategoryDefinition definition) {
        invalid.remove(owner);
        boolean offered = categories.offer(owner, definition, requireStore());
        reviewThresholds();
        return offered;
    }

    @Override
    public void withdraw(Object owner) {
        invalid.remove(owner);
        EngineRuntime current = runtime;
        categories.withdraw(owner, current == null ? null : current.bankStore());
    }

    @Override
    public void reject(Object owner, String name, String problem) {
        withdraw(owner);
        invalid.put(owner, Map.entry(name, problem));
    }

    @Override
    public Map<String, String> invalidCategories() {
        Map<String, String> byName = new TreeMap<>();
        invalid.values().forEach(entry -> byName.put(entry.getKey(), entry.getValue()));
        return byName;
    }

    // --- services tracked ---------------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedScorer")
    void bindScorer(Scorer scorer, Map<String, Object> properties) {
        changeScorers(() -> planner.scorerSeen(scorers.add(scorer, properties)));
    }

    /** A changed ranking may change which service of an id wins; a changed id moves the service. */
    void updatedScorer(Scorer scorer, Map<String, Object> properties) {
        changeScorers(() -> planner.scorerSeen(scorers.update(scorer, properties)));
    }

    void unbindScorer(Scorer scorer, Map<String, Object> properties) {
        changeScorers(() -> scorers.remove(scorer, properties));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedFusionStrategy")
    void bindFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        planner.strategySeen(strategies.add(strategy, properties));
        strategiesChanged();
    }

    void updatedFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        planner.strategySeen(strategies.update(strategy, properties));
        strategiesChanged();
    }

    void unbindFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        strategies.remove(strategy, properties);
        strategiesChanged();
    }

    /** The status of a scorer configuration: lets a request for a scorer whose model failed fail at once. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedScorerStatus")
    void bindScorerStatus(ScorerStatus status) {
        scorerStatuses.put(status.scorerId(), status);
        planner.servicesChanged();
    }

    /** The component changes the service's properties when its state changes: wake requests waiting for it. */
    void updatedScorerStatus(ScorerStatus status) {
        scorerStatuses.put(status.scorerId(), status);
        planner.servicesChanged();
    }

    void unbindScorerStatus(ScorerStatus status) {
        scorerStatuses.remove(status.scorerId(), status);
        planner.servicesChanged();
    }

    /** Optional: without EventAdmin, results are simply not announced. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unbindEventAdmin(EventAdmin admin) {
        // With a greedy reference the replacement is bound before the old one is unbound: keep the replacement.
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /**
     * Optional: without the sinks installed, results go to the caller and to events only; while the sinks bundle is
     * installed but its outbox is away, requests wait for it ({@link OutboxWaiter}).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOutbox(ResultOutbox newOutbox) {
        outboxes.bind(newOutbox);
    }

    void unbindOutbox(ResultOutbox oldOutbox) {
        outboxes.unbind(oldOutbox);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** What a detection of the category would run with, right now. */
    DetectionPlan planFor(String category) throws DetectionException {
        return planner.plan(requireCategory(category));
    }

    private void strategiesChanged() {
        planner.servicesChanged();
        reviewThresholds();
    }

    /** Logs, once, each category whose calibration a change has voided ({@link ThresholdWatch}). */
    private void reviewThresholds() {
        EngineRuntime current = runtime;
        if (current == null) {
            return;
        }
        thresholdWatch.review(categories.all(), state -> {
            try {
                return state.invalidation(planner.plan(state).calibrationKey(current.settings()));
            } catch (DetectionException e) {
                return ""; // a service momentarily away: requests wait for it, the calibration stands
            }
        });
    }

    /**
     * Applies a change to the scorer registry, then reloads the banks of every id whose winning instance changed: a
     * bank is opaque to the engine and belongs to the instance that read it, so when another instance takes over an
     * id (a new version, or the fallback after the winner left) the banks are read again through it.
     */
    private void changeScorers(Runnable change) {
        synchronized (scorerChangeLock) {
            Map<String, Scorer> before = scorers.all();
            change.run();
            Map<String, Scorer> after = scorers.all();
            EngineRuntime current = runtime;
            if (current == null) {
                return; // not active yet: categories arrive later and load their banks then
            }
            Set<String> ids = new TreeSet<>(before.keySet());
            ids.addAll(after.keySet());
            for (String id : ids) {
                if (before.get(id) != after.get(id)) {
                    categories.scorerChanged(id, current.bankStore());
                }
            }
        }
        planner.servicesChanged();
        reviewThresholds();
    }

    private CategoryInfo infoOf(CategoryState state) {
        CategoryDefinition definition = state.definition();
        EngineRuntime current = runtime;
        DetectionPlan plan = null;
        try {
            plan = current == null ? null : planner.plan(state);
        } catch (DetectionException e) {
            // a service is away: report the stored thresholds
        }
        // The thresholds a detection would apply now; when none could be planned, the stored ones.
        String key = plan == null ? null : plan.calibrationKey(current.settings());
        return new CategoryInfo(definition.name(), definition.objectName(), definition.scorers(),
                definition.fusionStrategy(), definition.alphaSegmentation(), definition.alphaClassification(),
                state.threshold(key), state.referenceImageIds(), plan == null ? "" : plan.strategyId(),
                state.pixelThreshold(key), state.version());
    }

    private void publishFailure(DetectionRequest request, Exception failure) {
        try {
            ResultEvents.postFailure(eventAdmin, request, failure);
        } catch (RuntimeException e) {
            LOG.warn("request '{}': the failure event could not be posted: {}", request.requestId(), e.toString());
        }
    }

    private void publish(DetectionResult result, long durationNanos, Map<String, Long> scorerNanos) {
        try {
            ResultEvents.post(eventAdmin, result, durationNanos, scorerNanos);
        } catch (RuntimeException e) {
            // The result stands; an event that cannot be posted must not turn it into a failure.
            LOG.warn("request '{}': the result event could not be posted: {}", result.requestId(), e.toString());
        }
    }

    private EngineRuntime requireRuntime() throws DetectionException {
        EngineRuntime current = runtime;
        if (current == null) {
            throw new DetectionException("the detection engine is not active");
        }
        return current;
    }

    private BankStore requireStore() {
        EngineRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException("the detection engine is not active");
        }
        return current.bankStore();
    }

    private CategoryState requireCategory(String name) throws DetectionException {
        CategoryState state = categories.get(name);
        if (state == null) {
            Set<String> configured = categories.names();
            throw new DetectionException("unknown category '" + name + "'; configured: "
                    + (configured.isEmpty() ? "none" : String.join(", ", configured)));
        }
        return state;
    }
}
