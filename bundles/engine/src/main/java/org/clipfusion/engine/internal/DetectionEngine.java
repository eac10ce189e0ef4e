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
import org.clipfusion.api.Threshold;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ResultOutbox;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.engine.CategoryInfo;
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
 * ({@link DetectionPlanner}), and keeps the instances it got, so installing, updating or removing a service never
 * fails a request in flight and is picked up by the next one. The engine configuration can change at run time too
 * ({@link #modified}): requests in flight finish with the settings they started with.
 */
@Component(service = {Detector.class, CategoryAdministration.class, CategoryRegistry.class}, immediate = true,
        configurationPid = DetectionEngine.PID)
@Designate(ocd = EngineConfig.class)
public class DetectionEngine implements Detector, CategoryAdministration, CategoryRegistry {
    static final String PID = "org.clipfusion.engine";
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);

    private final RankedServiceRegistry<Scorer> scorers = new RankedServiceRegistry<>(Scorer::id);
    private final RankedServiceRegistry<FusionStrategy> strategies = new RankedServiceRegistry<>(FusionStrategy::id);
    private final DetectionPlanner planner = new DetectionPlanner(scorers, strategies);
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
    private volatile ResultOutbox outbox;

    @Activate
    void activate(EngineConfig config) {
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
        EngineRuntime current = requireRuntime();
        current.settings().requireUsableSize(request.image());
        DetectionPlan plan = planFor(request.category());
        ScoredImage scored = DetectionPipeline.score(request.image(), plan, current);
        Threshold threshold = plan.category().threshold(plan.calibrationKey(current.settings()));
        DetectionResult result = ResultAssembler.assemble(request, plan, scored, threshold, softwareVersion);
        if (plan.definition().deliverToSinks()) {
            record(result);
        }
        publish(result);
        return result;
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
            DetectionPlan plan = planFor(category);
            CategoryFitter.Outcome outcome = CategoryFitter.fit(plan, List.copyOf(references), current);
            categories.installFit(category, outcome);
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
    public void openTemporary(String name, String template, String objectName, long seed) throws DetectionException {
        Object owner = new Object();
        if (temporaryOwners.putIfAbsent(name, owner) != null) {
            throw new DetectionException("temporary category '" + name + "' is already open");
        }
        try {
            deleteFit(name); // validates the name; a crash may have left a fit behind
            CategoryDefinition base = template.isBlank() ? defaultsOf(name)
                    : requireCategory(template.trim()).definition();
            CategoryDefinition temporary = base.asTemporary(name, objectName.isBlank() ? name.replace('_', ' ')
                    : objectName.trim(), seed);
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
        return categories.offer(owner, definition, requireStore());
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
        changeScorers(() -> scorers.add(scorer, properties));
    }

    /** A changed ranking may change which service of an id wins; a changed id moves the service. */
    void updatedScorer(Scorer scorer, Map<String, Object> properties) {
        changeScorers(() -> scorers.update(scorer, properties));
    }

    void unbindScorer(Scorer scorer, Map<String, Object> properties) {
        changeScorers(() -> scorers.remove(scorer, properties));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedFusionStrategy")
    void bindFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        strategies.add(strategy, properties);
    }

    void updatedFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        strategies.update(strategy, properties);
    }

    void unbindFusionStrategy(FusionStrategy strategy, Map<String, Object> properties) {
        strategies.remove(strategy, properties);
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

    /** Optional: without an outbox (no sinks feature installed) results go to the caller and to events only. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOutbox(ResultOutbox newOutbox) {
        outbox = newOutbox;
    }

    void unbindOutbox(ResultOutbox oldOutbox) {
        if (outbox == oldOutbox) {
            outbox = null;
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** What a detection of the category would run with, right now. */
    DetectionPlan planFor(String category) throws DetectionException {
        return planner.plan(requireCategory(category));
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
    }

    private CategoryInfo infoOf(CategoryState state) {
        CategoryDefinition definition = state.definition();
        return new CategoryInfo(definition.name(), definition.objectName(), definition.scorers(),
                definition.fusionStrategy(), definition.alphaSegmentation(), definition.alphaClassification(),
                thresholdOf(state), state.referenceImageIds());
    }

    /** The threshold a detection would apply now; when none could be planned, the stored one. */
    private Threshold thresholdOf(CategoryState state) {
        EngineRuntime current = runtime;
        if (current == null) {
            return state.threshold(null);
        }
        try {
            return state.threshold(planner.plan(state).calibrationKey(current.settings()));
        } catch (DetectionException e) {
            return state.threshold(null);
        }
    }

    /**
     * Hands the result to the sinks' durable outbox before {@code detect} returns, so that a result the caller has
     * seen is never lost by a crash. A result that cannot be stored fails the request: the line must know that its
     * consumers will not get it, rather than believe it was recorded.
     */
    private void record(DetectionResult result) throws DetectionException {
        ResultOutbox current = outbox;
        if (current == null) {
            return;
        }
        try {
            current.append(result);
        } catch (Exception e) {
            LOG.error("request '{}': the result could not be stored in the sinks' outbox: {}", result.requestId(),
                    e.toString());
            throw new DetectionException("request '" + result.requestId() + "' was scored (" + result.imageScore()
                    + ") but could not be stored for the result sinks: " + e.getMessage(), e);
        }
    }

    private void publish(DetectionResult result) {
        try {
            ResultEvents.post(eventAdmin, result);
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
