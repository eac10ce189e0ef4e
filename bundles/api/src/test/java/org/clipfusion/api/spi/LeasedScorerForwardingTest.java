package org.clipfusion.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer {@link ScorerServing} publishes wraps the loaded one to lease its model. A method of {@link Scorer} it
 * does not override falls back to the interface's default and silently drops what the real scorer says (its map
 * roles, its method settings for provenance), so every method must be forwarded.
 */
class LeasedScorerForwardingTest {

    @Test
    void thePublishedScorerOverridesEveryScorerMethod() throws Exception {
        Class<?> leased = Class.forName(ScorerServing.class.getName() + "$LeasedScorer");
        List<String> missing = Arrays.stream(Scorer.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> !declares(leased, method))
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), missing, "Scorer methods the published scorer does not forward");
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
