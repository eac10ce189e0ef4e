package org.clipfusion.engine.internal;

/** A category configuration with a bad value; the message is the one log line that names category and property. */
final class InvalidCategoryException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidCategoryException(String category, String property, String problem) {
        super("category '" + category + "': property '" + property + "' " + problem
                + "; the category is not offered until its configuration is fixed");
    }
}
