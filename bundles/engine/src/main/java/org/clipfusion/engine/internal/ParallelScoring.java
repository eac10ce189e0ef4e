package org.clipfusion.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerOutput;

/**
 * Runs the scorers of one detection in parallel on the shared executor. The first scorer runs on the caller's
 * thread, which then waits for the others: a request occupies at most one pool thread fewer than it has scorers, and
 * a request that finds the executor shut down (the engine was reconfigured meanwhile) simply runs its scorers itself.
 */
final class ParallelScoring {
    private ParallelScoring() {
    }

    /**
     * @return one result per scorer, in the plan's order
     * @throws DetectionException naming the scorer, image and category of the first failure
     */
    static List<ScorerResult> run(DetectionPlan plan, InspectionImage image, Executor executor)
            throws DetectionException {
        CategoryContext context = plan.definition().context();
        List<String> ids = new ArrayList<>();
        List<FutureTask<ScorerOutput>> tasks = new ArrayList<>();
        long[] nanos = new long[plan.scorers().size()];
        for (Map.Entry<String, Scorer> scorer : plan.scorers().entrySet()) {
            Scorer service = scorer.getValue();
            ReferenceBank bank = plan.banks().get(scorer.getKey());
            int index = ids.size();
            ids.add(scorer.getKey());
            tasks.add(new FutureTask<>(() -> {
                long started = System.nanoTime();
                try {
                    return service.score(image, context, bank);
                } finally {
                    nanos[index] = System.nanoTime() - started;
                }
            }));
        }
        for (int i = 1; i < tasks.size(); i++) {
            try {
                executor.execute(tasks.get(i));
            } catch (RejectedExecutionException e) {
                tasks.get(i).run();
            }
        }
        tasks.get(0).run();
        List<ScorerResult> results = new ArrayList<>(tasks.size());
        try {
            for (int i = 0; i < tasks.size(); i++) {
                ScorerOutput output = outcome(tasks.get(i), ids.get(i), image, plan); // waits: nanos[i] is then set
                results.add(new ScorerResult(ids.get(i), output, nanos[i]));
            }
        } catch (DetectionException e) {
            tasks.forEach(task -> task.cancel(false)); // nobody needs the others' answers any more
            throw e;
        }
        return results;
    }

    private static ScorerOutput outcome(FutureTask<ScorerOutput> task, String scorerId, InspectionImage image,
                                        DetectionPlan plan) throws DetectionException {
        try {
            ScorerOutput output = task.get();
            if (output == null) {
                throw new DetectionException(failure(scorerId, image, plan) + "it returned no output");
            }
            return output;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DetectionException(failure(scorerId, image, plan) + describe(cause), cause);
        } catch (CancellationException e) {
            throw new DetectionException(failure(scorerId, image, plan) + "cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DetectionException(failure(scorerId, image, plan) + "interrupted while waiting for it", e);
        }
    }

    private static String failure(String scorerId, InspectionImage image, DetectionPlan plan) {
        return "scorer '" + scorerId + "' failed on image '" + image.id() + "' (category '" + plan.definition().name()
                + "'): ";
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getName() : message;
    }
}
