package org.clipfusion.itest.check.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * A model-free scorer for the integration tests: an 8×8 map of each cell's mean brightness (0..1), or, once fitted,
 * of its distance to the references' mean brightness. Cheap and deterministic, so that hundreds of detections take
 * seconds and their values can be predicted. Active only while configuration {@value #PID} exists, so that other
 * tests see an empty scorer registry.
 */
@Component(property = ServiceProperties.ID + "=" + BrightnessScorer.ID, configurationPid = BrightnessScorer.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class BrightnessScorer implements Scorer {
    static final String ID = "itest-brightness";
    /** Tests that want this scorer create a configuration with this PID (any properties). */
    static final String PID = "org.clipfusion.itest.brightness";
    private static final int GRID = 8;
    /**
     * Configuration property: also return each cell's brightness squared as the CLIP vision map, so that fusion
     * strategies give different values (a sum is not a maximum) and a test can tell them apart by value.
     */
    static final String SQUARED_VISION_MAP = "squaredVisionMap";

    private volatile boolean squaredVisionMap;

    @Activate
    void activate(Map<String, Object> properties) {
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        squaredVisionMap = Boolean.parseBoolean(String.valueOf(properties.get(SQUARED_VISION_MAP)));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("itest-brightness-model", "(none)", "0".repeat(64)));
    }

    @Override
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank) {
        float[] cells = cellBrightness(image);
        if (bank instanceof Bank fitted) {
            for (int i = 0; i < cells.length; i++) {
                cells[i] = Math.abs(cells[i] - fitted.meanBrightness);
            }
        }
        double mean = 0;
        for (float cell : cells) {
            mean += cell / cells.length;
        }
        AnomalyMap language = new AnomalyMap(GRID, GRID, cells, MapRole.CLIP_LANGUAGE, ID);
        if (!squaredVisionMap) {
            return new ScorerOutput(Map.of(MapRole.CLIP_LANGUAGE, language), OptionalDouble.of(mean));
        }
        float[] squared = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            squared[i] = cells[i] * cells[i];
        }
        return new ScorerOutput(Map.of(MapRole.CLIP_LANGUAGE, language, MapRole.CLIP_VISION,
                new AnomalyMap(GRID, GRID, squared, MapRole.CLIP_VISION, ID)), OptionalDouble.of(mean));
    }

    @Override
    public boolean supportsReferences() {
        return true;
    }

    @Override
    public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException {
        double sum = 0;
        List<String> ids = new ArrayList<>();
        for (InspectionImage reference : references) {
            for (float cell : cellBrightness(reference)) {
                sum += cell / (GRID * GRID);
            }
            ids.add(reference.id());
        }
        return new Bank(ids, (float) (sum / references.size()));
    }

    @Override
    public ReferenceBank readBank(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int count = data.readInt();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(data.readUTF());
        }
        return new Bank(ids, data.readFloat());
    }

    private static float[] cellBrightness(InspectionImage image) {
        float[] cells = new float[GRID * GRID];
        int[] counts = new int[GRID * GRID];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int cell = (y * GRID / image.height()) * GRID + x * GRID / image.width();
                cells[cell] += (image.sample(x, y, 0) + image.sample(x, y, 1) + image.sample(x, y, 2)) / (3 * 255f);
                counts[cell]++;
            }
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i] = counts[i] == 0 ? 0 : cells[i] / counts[i];
        }
        return cells;
    }

    private record Bank(List<String> referenceImageIds, float meanBrightness) implements ReferenceBank {
        @Override
        public String scorerId() {
            return ID;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(referenceImageIds.size());
            for (String id : referenceImageIds) {
                data.writeUTF(id);
            }
            data.writeFloat(meanBrightness);
            data.flush();
        }
    }
}
