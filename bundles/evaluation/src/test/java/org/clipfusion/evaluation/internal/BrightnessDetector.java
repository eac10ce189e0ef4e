package org.clipfusion.evaluation.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;

/**
 * A detector for tests: the map is the mean red value of each cell of a square grid ({@value #GRID}² unless told
 * otherwise) over the image, the image score its maximum, so bright defects on dark parts are found. {@link #map}
 * recomputes a map independently.
 */
final class BrightnessDetector implements Detector {
    static final int GRID = 16;

    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;
    private final int grid;

    BrightnessDetector() {
        this(GRID);
    }

    BrightnessDetector(int grid) {
        this.grid = grid;
    }

    @Override
    public synchronized DetectionResult detect(DetectionRequest request) throws DetectionException {
        calls.incrementAndGet();
        if (failing) {
            throw new DetectionException("detector switched off for this test");
        }
        float[] values = map(request.image(), grid);
        AnomalyMap map = new AnomalyMap(grid, grid, values, MapRole.FUSED, "brightness");
        Provenance provenance = new Provenance(request.category(), List.of(new ModelInfo("brightness", "none",
                "0")), List.of("bright is bad"), 0.5, 0.5, "none", List.of(), 0, "test");
        return new DetectionResult(request.requestId(), request.partId(), request.image().id(), Instant.now(),
                map.max(), map, Map.of(MapRole.CLIP_LANGUAGE, new AnomalyMap(grid, grid, values, MapRole.CLIP_LANGUAGE,
                "brightness")), Decision.UNDECIDED, Threshold.unset(), provenance);
    }

    @Override
    public Set<String> categories() {
        return Set.of();
    }

    static float[] map(InspectionImage image) {
        return map(image, GRID);
    }

    static float[] map(InspectionImage image, int grid) {
        float[] sums = new float[grid * grid];
        int[] counts = new int[grid * grid];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int cell = (y * grid / image.height()) * grid + x * grid / image.width();
                sums[cell] += image.sample(x, y, 0) / 255f;
                counts[cell]++;
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= Math.max(1, counts[i]);
        }
        return sums;
    }
}
