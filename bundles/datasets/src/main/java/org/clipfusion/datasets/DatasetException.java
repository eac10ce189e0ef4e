package org.clipfusion.datasets;

/**
 * A dataset, category, image or mask cannot be used. The message always names the file or folder and the problem, so
 * that it can be shown to the user as it is.
 */
public class DatasetException extends Exception {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
