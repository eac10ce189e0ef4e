package org.clipfusion.engine.internal;

/**
 * Where {@link CategoryComponent}s hand their categories to the engine. An internal service: the engine publishes it
 * next to {@code Detector}, and only this bundle can see its type. Each configuration is an owner of at most one
 * category at a time.
 */
public interface CategoryRegistry {

    /**
     * Offers (or replaces) the owner's category. Refused, with a log line, when another owner already offers a
     * category of that name.
     *
     * @return whether the category is now offered
     */
    boolean offer(Object owner, CategoryDefinition definition);

    /** Withdraws whatever the owner offers; nothing happens if it offers nothing. */
    void withdraw(Object owner);

    /**
     * Withdraws whatever the owner offers and records that its configuration is invalid, until it offers a valid
     * one or is withdrawn.
     *
     * @param name    the category's name, or the configuration's PID when it has none
     * @param problem the one-line error
     */
    void reject(Object owner, String name, String problem);
}
