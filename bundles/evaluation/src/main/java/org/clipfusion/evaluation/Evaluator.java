package org.clipfusion.evaluation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs the benchmark protocol with the engine's own detection path, so the figures are those the line would see.
 * One evaluation at a time; a second call waits for the first.
 */
@ProviderType
public interface Evaluator {

    /**
     * Evaluates every category and seed of the plan that is not already finished in its output folder, writes the
     * result files, and returns the report of all finished runs (including those found from an earlier,
     * interrupted evaluation). A bad image is reported and skipped; a category that cannot be evaluated is reported
     * in the report and the others still run.
     *
     * @throws EvaluationException when the dataset cannot be opened, the detector is not available or the results
     *                             cannot be written
     * @throws InterruptedException when the calling thread is interrupted; finished runs stay on disk for a resume
     */
    EvaluationReport evaluate(EvaluationPlan plan, EvaluationListener listener)
            throws EvaluationException, InterruptedException;
}
