package org.clipfusion.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.clipfusion.http.ApiRole;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void templatesBindPathSegmentsAndNothingElse() {
        Route route = new Route("GET", "/results/{requestId}/overlay.png", ApiRole.VIEWER, call -> { });
        assertEquals(Map.of("requestId", "r-1"), route.match("/results/r-1/overlay.png").orElseThrow());
        assertTrue(route.match("/results/r-1/overlayXpng").isEmpty(), "the dot is literal");
        assertTrue(route.match("/results/a/b/overlay.png").isEmpty());
        assertTrue(route.match("/results//overlay.png").isEmpty());
        Route exact = new Route("GET", "/health", null, call -> { });
        assertTrue(exact.match("/health").isPresent());
        assertTrue(exact.match("/healthz").isEmpty());
    }
}
