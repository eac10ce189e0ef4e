package org.clipfusion.engine.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.clipfusion.tensor.image.GaussianBlur;

/**
 * What one engine configuration puts to work: the settings, the scorer executor shared by all requests, the
 * evaluation grid, the smoothing kernel and the bank store. Replaced as a whole when the configuration changes; a
 * request keeps the runtime it started with.
 */
final class EngineRuntime implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final EngineSettings settings;
    private final ExecutorService scorerExecutor;
    private final EvaluationGrid grid;
    private final GaussianBlur smoothing;
    private final BankStore bankStore;

    EngineRuntime(EngineSettings settings) {
        this.settings = settings;
        this.scorerExecutor = newScorerExecutor(settings.scorerThreads());
        this.grid = new EvaluationGrid(settings.evaluationGrid());
        this.smoothing = new GaussianBlur(settings.smoothingSigma());
        this.bankStore = new BankStore(settings.dataDirectory());
    }

    EngineSettings settings() {
        return settings;
    }

    ExecutorService scorerExecutor() {
        return scorerExecutor;
    }

    EvaluationGrid grid() {
        return grid;
    }

    GaussianBlur smoothing() {
        return smoothing;
    }

    BankStore bankStore() {
        return bankStore;
    }

    /**
     * Lets running scorer tasks finish; requests that still hold this runtime run their remaining scorers on their
     * own thread (see {@link ParallelScoring}).
     */
    @Override
    public void close() {
        scorerExecutor.shutdown();
    }

    private static ExecutorService newScorerExecutor(int threads) {
        if (threads == 1) {
            return new CallerRunsExecutor();
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "clipfusion-scorer-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true); // an idle engine holds no threads
        return executor;
    }
}
