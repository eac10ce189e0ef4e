package org.clipfusion.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {

    @Test
    void aRequestIdIsStoredOnceAndItsImageAddedLater(@TempDir Path root) throws Exception {
        ResultStore store = new ResultStore(root, 10, new ObjectMapper());
        List<StoredResult> announced = new ArrayList<>();
        store.addListener(announced::add);
        StoredResult first = store.put(result("r/1", 0.7, 100), null);
        assertFalse(first.hasImage());
        StoredResult again = store.put(result("r/1", 0.1, 200), new byte[] {1, 2, 3});
        assertTrue(again.hasImage());
        assertEquals(0.7, again.record().path("imageScore").asDouble(), "the first result stands");
        assertEquals(2, announced.size(), "stored, then completed with its image");
        store.put(result("r/1", 0.1, 300), new byte[] {9});
        assertEquals(2, announced.size(), "nothing new");
        assertArrayEquals(new byte[] {1, 2, 3}, store.imagePng(again).orElseThrow());
        AnomalyMap map = store.map(again);
        assertEquals(3, map.width());
        assertEquals(0.5f, map.at(1, 1));
    }

    @Test
    void theOldestAreDroppedBeyondTheCapacityAndTheRestSurviveARestart(@TempDir Path root) throws Exception {
        ResultStore store = new ResultStore(root, 3, new ObjectMapper());
        for (int i = 0; i < 5; i++) {
            store.put(result("id-" + i, i, 1000 + i), null);
        }
        assertTrue(store.get("id-1").isEmpty());
        ResultStore reopened = new ResultStore(root, 3, new ObjectMapper());
        assertTrue(reopened.get("id-0").isEmpty());
        assertEquals(List.of("id-4", "id-3", "id-2"), reopened.recent(r -> true, 10).stream()
                .map(StoredResult::requestId).toList());
        assertEquals(List.of("id-3"), reopened.recent(r -> r.time().equals(Instant.ofEpochSecond(1003)), 10)
                .stream().map(StoredResult::requestId).toList());
    }

    private static DetectionResult result(String requestId, double score, long epochSecond) {
        float[] values = {0, 0, 0, 0, 0.5f, 0, 0, 0, 0};
        AnomalyMap map = new AnomalyMap(3, 3, values, MapRole.FUSED, "weighted-sum");
        Provenance provenance = new Provenance("widget", List.of(), List.of(), 0.5, 0.5, "weighted-sum", List.of(), 0,
                "test");
        return new DetectionResult(requestId, "", "image", Instant.ofEpochSecond(epochSecond), score, map, Map.of(),
                Decision.ANOMALOUS, new Threshold(0.2, ThresholdSource.FIXED_VALUE, ""), provenance);
    }
}
