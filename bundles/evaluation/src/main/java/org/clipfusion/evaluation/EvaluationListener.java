package org.clipfusion.evaluation;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/** What an evaluation reports while it runs (the shell prints it). Every method has a do-nothing default. */
@ConsumerType
public interface EvaluationListener {

    /** A (category, seed) run starts over {@code images} test images; {@code references} are its k-shot ids. */
    default void runStarted(RunKey run, int images, java.util.List<String> references) {
    }

    /** The run was finished in an earlier evaluation and is taken from its output folder. */
    default void runResumed(RunKey run) {
    }

    /**
     * One more image of the run is done (inspected or skipped).
     *
     * @param rate images per second since the run started
     * @param eta  estimated time to the end of the run, or {@code null} before the rate is known
     */
    default void imageDone(RunKey run, int done, int total, double rate, Duration eta) {
    }

    /** An image or reference was skipped; the message names the file and the problem. */
    default void problem(RunKey run, String file, String message) {
    }

    /** The run finished; {@code result} holds its metrics, or its failure. */
    default void runFinished(RunResult result) {
    }
}
