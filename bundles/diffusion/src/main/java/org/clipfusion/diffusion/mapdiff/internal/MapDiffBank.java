package org.clipfusion.diffusion.mapdiff.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ReferenceBank;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MapDiff's memory of k normal references: for each feature layer, the unit feature rows of every location of every
 * reference. Tied to the weights (text encoder, VAE, UNet) and to the feature recipe (image size, timestep, noise
 * seed, prompts, layers) it was computed with: a bank made otherwise is refused.
 */
final class MapDiffBank implements ReferenceBank {
    private static final int MAGIC = 0x43464d44; // "CFMD"
    private static final int FORMAT_VERSION = 2;
    private static final int CHUNK_FLOATS = 1 << 14;

    /** The unit feature rows of one layer, row-major. */
    record LayerRows(String layer, int count, int width, float[] values) {
        LayerRows {
            if (values.length != (long) count * width) {
                throw new IllegalArgumentException(layer + ": " + count + "x" + width + " rows need "
                        + (long) count * width + " values, got " + values.length);
            }
        }
    }

    private final String scorerId;
    private final String weightsFingerprint;
    private final String featureRecipe;
    private final List<String> referenceImageIds;
    private final List<LayerRows> layers;
    private final Map<MapRole, Double> referenceMaxima;
    /** The rows as ND4J arrays, made on first use; freed with the bank by the garbage collector. */
    private volatile List<INDArray> arrays;

    MapDiffBank(String scorerId, String weightsFingerprint, String featureRecipe, List<String> referenceImageIds,
                List<LayerRows> layers, Map<MapRole, Double> referenceMaxima) {
        this.scorerId = scorerId;
        this.weightsFingerprint = weightsFingerprint;
        this.featureRecipe = featureRecipe;
        this.referenceImageIds = List.copyOf(referenceImageIds);
        this.layers = List.copyOf(layers);
        this.referenceMaxima = referenceMaxima.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(referenceMaxima));
    }

    @Override
    public Map<MapRole, Double> referenceMaxima() {
        return referenceMaxima;
    }

    @Override
    public String scorerId() {
        return scorerId;
    }

    @Override
    public List<String> referenceImageIds() {
        return referenceImageIds;
    }

    String weightsFingerprint() {
        return weightsFingerprint;
    }

    String featureRecipe() {
        return featureRecipe;
    }

    List<String> layerNames() {
        return layers.stream().map(LayerRows::layer).toList();
    }

    long bytes() {
        return layers.stream().mapToLong(rows -> (long) Float.BYTES * rows.values().length).sum();
    }

    /** The {@code [count, width]} rows of layer {@code index}; owned by the bank. */
    INDArray rows(int index) {
        List<INDArray> made = arrays;
        if (made == null) {
            synchronized (this) {
                made = arrays;
                if (made == null) {
                    made = layers.stream().map(rows -> Nd4j.create(rows.values(),
                            new long[] {rows.count(), rows.width()}, 'c')).toList();
                    arrays = made;
                }
            }
        }
        return made.get(index);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(scorerId);
        data.writeUTF(weightsFingerprint);
        data.writeUTF(featureRecipe);
        data.writeInt(referenceImageIds.size());
        for (String id : referenceImageIds) {
            data.writeUTF(id);
        }
        data.writeInt(layers.size());
        for (LayerRows rows : layers) {
            data.writeUTF(rows.layer());
            data.writeInt(rows.count());
            data.writeInt(rows.width());
            writeFloats(data, rows.values());
        }
        data.writeInt(referenceMaxima.size());
        for (Map.Entry<MapRole, Double> maximum : referenceMaxima.entrySet()) {
            data.writeUTF(maximum.getKey().name());
            data.writeDouble(maximum.getValue());
        }
        data.flush();
    }

    static MapDiffBank readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a MapDiff memory bank (wrong magic number)");
        }
        int version = data.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("MapDiff memory bank format " + version + " is not supported (expected "
                    + FORMAT_VERSION + ": neutral-prompt features and reference maxima); refit the category");
        }
        String scorerId = data.readUTF();
        String fingerprint = data.readUTF();
        String recipe = data.readUTF();
        int references = data.readInt();
        List<String> ids = new ArrayList<>(references);
        for (int i = 0; i < references; i++) {
            ids.add(data.readUTF());
        }
        int layerCount = data.readInt();
        List<LayerRows> layers = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            layers.add(readRows(data));
        }
        int maxima = data.readInt();
        Map<MapRole, Double> referenceMaxima = new EnumMap<>(MapRole.class);
        for (int i = 0; i < maxima; i++) {
            String role = data.readUTF();
            double value = data.readDouble();
            try {
                referenceMaxima.put(MapRole.valueOf(role), value);
            } catch (IllegalArgumentException e) {
                throw new IOException("MapDiff memory bank names an unknown map role '" + role + "'", e);
            }
        }
        return new MapDiffBank(scorerId, fingerprint, recipe, ids, layers, referenceMaxima);
    }

    private static LayerRows readRows(DataInputStream data) throws IOException {
        String layer = data.readUTF();
        int count = data.readInt();
        int width = data.readInt();
        if (count < 0 || width < 0 || (long) count * width > Integer.MAX_VALUE - 8) {
            throw new IOException("MapDiff memory bank layer " + layer + " has an impossible size " + count + "x"
                    + width);
        }
        float[] values = new float[count * width];
        readFloats(data, values);
        return new LayerRows(layer, count, width, values);
    }

    /** Big-endian floats, as {@link DataOutputStream#writeFloat} writes them, in chunks rather than one by one. */
    private static void writeFloats(DataOutputStream data, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(values, start, count);
            data.write(chunk.array(), 0, count * Float.BYTES);
        }
    }

    private static void readFloats(DataInputStream data, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        for (int start = 0; start < values.length; start += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, values.length - start);
            data.readFully(chunk.array(), 0, count * Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().get(values, start, count);
        }
    }
}
