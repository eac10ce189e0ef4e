package org.clipfusion.tensor.internal;

/** Text is not the JSON {@link JsonParser} accepts; carries the character position of the problem. */
public final class JsonParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int position;

    public JsonParseException(String problem, int position) {
        super(problem + " at character " + position);
        this.position = position;
    }

    /** Index of the offending character in the parsed text. */
    public int position() {
        return position;
    }
}
