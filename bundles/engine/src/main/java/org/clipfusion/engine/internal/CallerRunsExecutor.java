package org.clipfusion.engine.internal;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that submits it: with {@code scorerThreads = 1} a request's scorers run one after the
 * other on the request's own thread. On a CPU each scorer's ops already use every core, so two scorers at once only
 * fight over them (a full CLIPFusion inspection took 1.5x as long in parallel).
 */
final class CallerRunsExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        // Also after shutdown: a request that started under this configuration finishes under it.
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
