package org.clipfusion.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Make-before-break serving of a model-backed {@link Scorer}, for the component that owns its configuration.
 *
 * <p>{@link #load} loads and verifies a model on this scorer's own loader thread (never the DS activation thread),
 * while the model already serving, if any, goes on answering. When the new one is ready it is published first and
 * the old one withdrawn right after: the engine, which prefers the older of two registrations of an id, switches in
 * one step, and a request never finds the scorer missing. The old model is closed once the last request that leased
 * it ({@link Scorer#acquire}) has finished. A model that fails to load or verify is never published; the old one, if
 * any, keeps serving, and the failure is reported ({@link #detail}).
 *
 * <p>It is the {@link ScorerStatus} of the configuration: loading, serving, failed (reason).
 *
 * @since 1.5
 */
public final class ScorerServing implements ScorerStatus {
    private static final Logger LOG = Logger.getLogger(ScorerServing.class.getName());
    /** The verification image: mid-grey, small enough to be cheap on any model. */
    private static final int VERIFY_SIZE = 64;

    /** Loads a model and builds the scorer on it; runs on the loader thread. */
    @FunctionalInterface
    @ConsumerType
    public interface Loader {
        Loaded load() throws Exception;
    }

    /**
     * A loaded model's scorer and how to release the model.
     *
     * @param scorer     the scorer (its {@link Scorer#acquire} is provided by the serving)
     * @param closeModel releases the model; called once, after the last lease
     */
    public record Loaded(Scorer scorer, Runnable closeModel) {
        public Loaded {
            Objects.requireNonNull(scorer, "scorer");
            Objects.requireNonNull(closeModel, "closeModel");
        }
    }

    /** Registers scorers with the framework; implemented by the component with its bundle context. */
    @ConsumerType
    public interface Publisher {
        /** Registers the scorer as a service; returns what withdraws it. */
        Runnable publish(Scorer scorer, String description);

        /** The state changed: update the status service's properties, so that trackers hear of it. */
        void statusChanged(ScorerServing status);
    }

    private final String kind;
    private final Publisher publisher;
    private final ExecutorService loader;
    /** Guarded by {@code this}. */
    private Serving current;
    /** Guarded by {@code this}: the description of the load in progress or queued, null when none. */
    private String loading;
    /** Guarded by {@code this}: why the latest load failed, null when it did not. */
    private String failure;
    /** Guarded by {@code this}: the newest load asked for; older queued loads are skipped. */
    private long wanted;
    /** Guarded by {@code this}. */
    private boolean stopped;
    private volatile String scorerId;

    private record Serving(LeasedScorer scorer, Runnable withdraw, String description) {
    }

    /**
     * @param kind      the scorer's kind for log lines and the loader thread's name, e.g. {@code PatchCLIP}
     * @param scorerId  the id it will be registered under
     * @param publisher registers and withdraws services
     */
    public ScorerServing(String kind, String scorerId, Publisher publisher) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.scorerId = Objects.requireNonNull(scorerId, "scorerId");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.loader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "clipfusion-" + scorerId + "-loader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads a model in the background and, once it is verified, switches to it.
     *
     * @param id          the scorer id of the new configuration
     * @param description the model in one phrase, e.g. {@code tiny-open_clip in /models/x}
     */
    public void load(String id, String description, Loader modelLoader) {
        long generation;
        synchronized (this) {
            if (stopped) {
                return;
            }
            generation = ++wanted;
            loading = description;
        }
        scorerId = id;
        publisher.statusChanged(this);
        try {
            loader.execute(() -> run(generation, id, description, modelLoader));
        } catch (RejectedExecutionException e) {
            // stopped meanwhile: nothing to load
        }
    }

    /** Withdraws the scorer (its model closes after the requests using it) and drops any load in progress. */
    public void stop() {
        Serving last;
        synchronized (this) {
            stopped = true;
            last = current;
            current = null;
            loading = null;
        }
        loader.shutdown();
        if (last != null) {
            last.withdraw().run();
            last.scorer().leases().retire();
        }
    }

    @Override
    public String scorerId() {
        return scorerId;
    }

    @Override
    public synchronized State state() {
        if (current != null) {
            return State.SERVING;
        }
        return failure != null && loading == null ? State.FAILED : State.LOADING;
    }

    @Override
    public synchronized String detail() {
        StringBuilder text = new StringBuilder();
        if (current != null) {
            text.append("serving ").append(current.description());
        }
        if (loading != null) {
            text.append(text.length() == 0 ? "" : "; ").append("loading ").append(loading);
        }
        if (failure != null) {
            text.append(text.length() == 0 ? "" : "; ").append(current == null ? "" : "the new configuration ")
                    .append("failed (").append(failure).append(")");
        }
        return text.toString();
    }

    /** The model serving now, for tests and status; empty while none is. */
    public synchronized Optional<Scorer> serving() {
        return Optional.ofNullable(current).map(Serving::scorer);
    }

    private void run(long generation, String id, String description, Loader modelLoader) {
        synchronized (this) {
            if (stopped || generation != wanted) {
                return; // a newer configuration is queued behind this one
            }
        }
        long start = System.nanoTime();
        Loaded loaded;
        try {
            loaded = modelLoader.load();
        } catch (Throwable e) {
            failed(generation, description, e);
            return;
        }
        try {
            verify(loaded.scorer());
        } catch (Throwable e) {
            loaded.closeModel().run(); // loaded but unusable: release its memory now
            failed(generation, description, e);
            return;
        }
        LeasedScorer scorer = new LeasedScorer(loaded.scorer(), new ModelLeases(loaded.closeModel()));
        Serving previous;
        synchronized (this) {
            if (stopped || generation != wanted) {
                scorer.leases().retire(); // superseded while loading
                return;
            }
            Runnable withdraw;
            try {
                withdraw = publisher.publish(scorer, description);
            } catch (RuntimeException e) {
                scorer.leases().retire();
                failure = "it could not be registered: " + e;
                loading = null;
                return;
            }
            previous = current;
            current = new Serving(scorer, withdraw, description);
            loading = null;
            failure = null;
        }
        // Published before the old one is withdrawn: the id is never unregistered in between.
        if (previous != null) {
            previous.withdraw().run();
            previous.scorer().leases().retire();
        }
        LOG.info(() -> String.format("%s scorer '%s' serving %s (loaded and verified in %.1f s)%s", kind, id,
                description, (System.nanoTime() - start) / 1e9, previous == null ? ""
                        : "; the previous model (" + previous.description() + ") closes after its last request"));
        publisher.statusChanged(this);
    }

    private void failed(long generation, String description, Throwable e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        boolean stillServing;
        synchronized (this) {
            if (stopped) {
                // The component stopped under the load (a bundle update or refresh closes its class loader): the
                // failure says nothing about the model, and the next activation loads it again.
                LOG.fine(() -> kind + " scorer '" + scorerId + "': load of " + description + " abandoned on stop: "
                        + reason);
                return;
            }
            if (generation != wanted) {
                return;
            }
            failure = reason;
            loading = null;
            stillServing = current != null;
        }
        LOG.log(Level.SEVERE, () -> kind + " scorer '" + scorerId + "': " + description + " could not be loaded: "
                + reason + (stillServing ? "; the previous model keeps serving" : "; no scorer is registered"));
        publisher.statusChanged(this);
    }

    /** One zero-shot inference on a grey image: a model that loads but cannot score is never published. */
    private static void verify(Scorer scorer) throws ScorerException {
        byte[] rgb = new byte[3 * VERIFY_SIZE * VERIFY_SIZE];
        Arrays.fill(rgb, (byte) 128);
        InspectionImage image = new InspectionImage("verification", VERIFY_SIZE, VERIFY_SIZE, rgb, Map.of());
        ScorerOutput output = scorer.score(image, new CategoryContext("verification", "object", Map.of()), null);
        for (Map.Entry<?, AnomalyMap> map : output.maps().entrySet()) {
            for (float value : map.getValue().values()) {
                if (!Float.isFinite(value)) {
                    throw new ScorerException("verification: map " + map.getKey() + " of a grey image holds "
                            + value);
                }
            }
        }
        if (output.imageScore().isPresent() && !Double.isFinite(output.imageScore().getAsDouble())) {
            throw new ScorerException("verification: the image score of a grey image is "
                    + output.imageScore().getAsDouble());
        }
    }

    /** The published scorer: the loaded one, with leases on its model. */
    private static final class LeasedScorer implements Scorer {
        private final Scorer delegate;
        private final ModelLeases leases;

        LeasedScorer(Scorer delegate, ModelLeases leases) {
            this.delegate = delegate;
            this.leases = leases;
        }

        ModelLeases leases() {
            return leases;
        }

        @Override
        public Optional<ScorerLease> acquire() {
            return leases.acquire();
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public List<ModelInfo> models() {
            return delegate.models();
        }

        @Override
        public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
                throws ScorerException {
            return delegate.score(image, context, bank);
        }

        @Override
        public List<String> prompts(CategoryContext context) {
            return delegate.prompts(context);
        }

        @Override
        public Map<String, String> methodSettings() {
            return delegate.methodSettings();
        }

        @Override
        public Set<MapRole> mapRoles() {
            return delegate.mapRoles();
        }

        @Override
        public boolean supportsReferences() {
            return delegate.supportsReferences();
        }

        @Override
        public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException {
            return delegate.fit(context, references);
        }

        @Override
        public ReferenceBank readBank(InputStream in) throws IOException {
            return delegate.readBank(in);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
