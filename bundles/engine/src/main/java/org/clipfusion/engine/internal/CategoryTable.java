package org.clipfusion.engine.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The categories on offer, each as its current {@link CategoryState} snapshot. Reads are lock-free; every change
 * (a configuration offered or withdrawn, a fit installed, a scorer appearing or leaving) runs under one lock, so that
 * a bank is never loaded for a category that is being replaced, nor lost between a category's arrival and a
 * scorer's.
 *
 * <p>Two configurations may name the same category: the first one offered wins, the other is logged and kept aside,
 * and takes over when the first is withdrawn.
 */
final class CategoryTable {
    private static final Logger LOG = LoggerFactory.getLogger(CategoryTable.class);

    private final ConcurrentHashMap<String, CategoryState> categories = new ConcurrentHashMap<>();
    private final PersistedFitLoader loader;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: which category each owner offers. */
    private final Map<Object, String> nameByOwner = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private final Map<String, Object> ownerByName = new HashMap<>();
    /** Guarded by {@link #lock}: offers refused because another owner holds the name, oldest first. */
    private final Map<Object, CategoryDefinition> refused = new LinkedHashMap<>();

    CategoryTable(PersistedFitLoader loader) {
        this.loader = loader;
    }

    CategoryState get(String name) {
        return categories.get(name);
    }

    SortedSet<String> names() {
        return new TreeSet<>(categories.keySet());
    }

    List<CategoryState> all() {
        List<CategoryState> all = new ArrayList<>(categories.values());
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    /**
     * Offers or replaces the owner's category; a new category gets its persisted fit from {@code store}.
     *
     * @return whether the category is on offer
     */
    boolean offer(Object owner, CategoryDefinition definition, BankStore store) {
        synchronized (lock) {
            refused.remove(owner);
            String previousName = nameByOwner.get(owner);
            Object holder = ownerByName.get(definition.name());
            if (holder != null && holder != owner) {
                if (previousName != null) {
                    remove(owner, previousName, store);
                }
                refused.put(owner, definition);
                LOG.error("category '{}' is configured twice; this configuration is ignored until the other one is"
                        + " removed", definition.name());
                return false;
            }
            CategoryState current = definition.name().equals(previousName) ? categories.get(previousName) : null;
            if (current != null) {
                // Same category, new settings: keep its fit; a detection in flight keeps its old snapshot.
                categories.put(definition.name(), current.withDefinition(definition));
                return true;
            }
            if (previousName != null) {
                remove(owner, previousName, store);
            }
            categories.put(definition.name(), loader.load(new CategoryState(definition), store));
            nameByOwner.put(owner, definition.name());
            ownerByName.put(definition.name(), owner);
            LOG.info("category '{}' is on offer", definition.name());
            return true;
        }
    }

    void withdraw(Object owner, BankStore store) {
        synchronized (lock) {
            refused.remove(owner);
            String name = nameByOwner.get(owner);
            if (name != null) {
                remove(owner, name, store);
            }
        }
    }

    /** Installs a finished fit, if the category is still on offer. */
    void installFit(String name, CategoryFitter.Outcome fit) {
        synchronized (lock) {
            categories.computeIfPresent(name, (key, state) -> state.withFit(fit.record(), fit.banks()));
        }
    }

    /** Forgets the category's fit in memory (its files are the store's business), if it is on offer. */
    void dropFit(String name) {
        synchronized (lock) {
            categories.computeIfPresent(name, (key, state) -> new CategoryState(state.definition()));
        }
    }

    /** The scorer registered under {@code scorerId} changed (appeared, left, or was replaced): reload its banks. */
    void scorerChanged(String scorerId, BankStore store) {
        synchronized (lock) {
            for (CategoryState state : categories.values()) {
                categories.put(state.name(), loader.loadBank(state, scorerId, store));
            }
        }
    }

    /** Reloads every persisted fit, e.g. from a new data directory. */
    void reloadAll(BankStore store) {
        synchronized (lock) {
            for (CategoryState state : categories.values()) {
                categories.put(state.name(), loader.load(state, store));
            }
        }
    }

    void clear() {
        synchronized (lock) {
            categories.clear();
            nameByOwner.clear();
            ownerByName.clear();
            refused.clear();
        }
    }

    /** Removes the owner's category and lets the oldest refused offer of that name take its place. */
    private void remove(Object owner, String name, BankStore store) {
        nameByOwner.remove(owner);
        ownerByName.remove(name);
        categories.remove(name);
        LOG.info("category '{}' is withdrawn", name);
        refused.entrySet().stream().filter(waiting -> waiting.getValue().name().equals(name)).findFirst()
                .ifPresent(waiting -> offer(waiting.getKey(), waiting.getValue(), store));
    }
}
