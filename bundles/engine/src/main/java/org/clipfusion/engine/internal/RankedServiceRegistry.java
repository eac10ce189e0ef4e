package org.clipfusion.engine.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.Constants;

/**
 * The services of one kind (scorers, fusion strategies) keyed by their {@value ServiceProperties#ID}, openHAB-style:
 * filled by dynamic bind/unbind methods, read lock-free by every request.
 *
 * <p>Several services may share an id (a new version installed next to the old one): the one with the highest
 * {@code service.ranking} wins, ties going to the lowest {@code service.id} as in OSGi's own service selection, and
 * the others stay as fallbacks that take over when the winner goes away.
 *
 * @param <S> the service type
 */
final class RankedServiceRegistry<S> {
    /** Highest ranking first, then the oldest registration. */
    private static final Comparator<Registration<?>> PREFERENCE = Comparator
            .comparingInt((Registration<?> registration) -> registration.ranking()).reversed()
            .thenComparingLong(Registration::serviceId);

    private final ConcurrentHashMap<String, List<Registration<S>>> byId = new ConcurrentHashMap<>();
    private final Function<S, String> idOfService;

    /** @param idOfService the id to use when a service lacks the {@value ServiceProperties#ID} property */
    RankedServiceRegistry(Function<S, String> idOfService) {
        this.idOfService = idOfService;
    }

    /**
     * One registered service.
     *
     * @param id        its {@value ServiceProperties#ID}
     * @param ranking   its {@code service.ranking}
     * @param serviceId its {@code service.id}; {@link Long#MAX_VALUE} when unknown
     * @param service   the service object
     */
    record Registration<S>(String id, int ranking, long serviceId, S service) {
    }

    /** Adds a service; returns its id. */
    String add(S service, Map<String, ?> properties) {
        Registration<S> registration = registrationOf(service, properties);
        byId.compute(registration.id(), (id, current) -> {
            List<Registration<S>> updated = current == null ? new ArrayList<>() : new ArrayList<>(current);
            updated.removeIf(existing -> existing.service() == service);
            updated.add(registration);
            updated.sort(PREFERENCE);
            return List.copyOf(updated);
        });
        return registration.id();
    }

    /**
     * Applies changed service properties (id or ranking) in one step: the service is never missing in between, so a
     * request planned meanwhile still finds it.
     */
    String update(S service, Map<String, ?> properties) {
        String id = add(service, properties);
        byId.keySet().stream().filter(other -> !other.equals(id)).forEach(other -> removeFrom(other, service));
        return id;
    }

    /** Removes a service (matched by identity, under whichever id it was added); returns its id. */
    String remove(S service, Map<String, ?> properties) {
        String id = registrationOf(service, properties).id();
        removeFrom(id, service);
        // The id property may have changed since the service was added: look everywhere for what is left.
        byId.keySet().forEach(other -> removeFrom(other, service));
        return id;
    }

    /** The preferred service of an id. */
    Optional<S> get(String id) {
        return preferred(id).map(Registration::service);
    }

    /** The preferred registration of an id. */
    Optional<Registration<S>> preferred(String id) {
        List<Registration<S>> registrations = byId.get(id);
        return registrations == null || registrations.isEmpty() ? Optional.empty()
                : Optional.of(registrations.get(0));
    }

    /** The preferred registration of the highest-ranked id (ties: oldest service, then alphabetical id). */
    Optional<Registration<S>> highestRanked() {
        return byId.values().stream().filter(list -> !list.isEmpty()).map(list -> list.get(0))
                .min(PREFERENCE.thenComparing(Registration::id));
    }

    /** The preferred service of every id, sorted by id. */
    SortedMap<String, S> all() {
        SortedMap<String, S> all = new TreeMap<>();
        byId.forEach((id, registrations) -> {
            if (!registrations.isEmpty()) {
                all.put(id, registrations.get(0).service());
            }
        });
        return all;
    }

    private void removeFrom(String id, S service) {
        byId.computeIfPresent(id, (key, current) -> {
            List<Registration<S>> updated = new ArrayList<>(current);
            updated.removeIf(existing -> existing.service() == service);
            return updated.isEmpty() ? null : List.copyOf(updated);
        });
    }

    /** The id a service is (or would be) registered under. */
    String idOf(S service, Map<String, ?> properties) {
        Object idProperty = properties.get(ServiceProperties.ID);
        return idProperty instanceof String text && !text.isBlank() ? text : idOfService.apply(service);
    }

    private Registration<S> registrationOf(S service, Map<String, ?> properties) {
        String id = idOf(service, properties);
        // OSGi: a service.ranking that is not an Integer counts as 0.
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer value ? value : 0;
        long serviceId = properties.get(Constants.SERVICE_ID) instanceof Long value ? value : Long.MAX_VALUE;
        return new Registration<>(id, ranking, serviceId, service);
    }
}
