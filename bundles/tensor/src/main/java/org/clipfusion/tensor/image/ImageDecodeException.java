package org.clipfusion.tensor.image;

import java.io.IOException;

/**
 * An image could not be decoded. The message always names the source (a file path or the name the caller gave) and
 * the problem, e.g. {@code "cannot decode image /data/a.png: truncated (data ends before the image is complete)"}.
 */
public class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public ImageDecodeException(String source, String problem) {
        this(source, problem, null);
    }

    public ImageDecodeException(String source, String problem, Throwable cause) {
        super("cannot decode image " + source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file path or caller-given name of the input. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source, e.g. {@code "empty file"}. */
    public String problem() {
        return problem;
    }
}
