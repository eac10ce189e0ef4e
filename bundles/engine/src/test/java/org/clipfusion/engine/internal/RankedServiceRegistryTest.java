package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankedServiceRegistryTest {
    private final RankedServiceRegistry<String> registry = new RankedServiceRegistry<>(service -> "fallback-id");

    private static Map<String, Object> properties(String id, int ranking, long serviceId) {
        return Map.of("clipfusion.id", id, "service.ranking", ranking, "service.id", serviceId);
    }

    @Test
    void theHighestRankingWinsWithinAnIdAndTheOthersAreFallbacks() {
        String older = new String("older");
        String newer = new String("newer");
        registry.add(older, properties("a", 0, 1));
        registry.add(newer, properties("a", 10, 2));
        assertEquals("newer", registry.get("a").orElseThrow());

        registry.remove(newer, properties("a", 10, 2));
        assertEquals("older", registry.get("a").orElseThrow());
        registry.remove(older, properties("a", 0, 1));
        assertTrue(registry.get("a").isEmpty());
        assertTrue(registry.all().isEmpty());
    }

    @Test
    void equalRankingsGoToTheOldestService() {
        registry.add("second", properties("a", 5, 8));
        registry.add("first", properties("a", 5, 3));
        assertEquals("first", registry.get("a").orElseThrow());
    }

    @Test
    void theHighestRankedIdAcrossIds() {
        registry.add("sum", properties("weighted-sum", 100, 1));
        registry.add("max", properties("max", 10, 2));
        assertEquals("weighted-sum", registry.highestRanked().orElseThrow().id());
        registry.add("new", properties("new", 100, 3));
        assertEquals("weighted-sum", registry.highestRanked().orElseThrow().id(), "ties: the older service");
    }

    @Test
    void updatedPropertiesMoveOrReRankAServiceWithoutAGap() {
        String service = "s";
        registry.add(service, properties("a", 0, 1));
        registry.update(service, properties("b", 0, 1));
        assertTrue(registry.get("a").isEmpty());
        assertEquals("s", registry.get("b").orElseThrow());
        assertEquals(List.of("b"), List.copyOf(registry.all().keySet()));
    }

    @Test
    void withoutTheIdPropertyTheServiceNamesItself() {
        registry.add("x", Map.of());
        assertEquals("x", registry.get("fallback-id").orElseThrow());
    }
}
