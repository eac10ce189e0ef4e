package org.clipfusion.evaluation;

/** An evaluation that could not start or could not write its results; the message names the input and the problem. */
public class EvaluationException extends Exception {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
