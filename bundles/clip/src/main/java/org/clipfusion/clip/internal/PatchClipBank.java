package org.clipfusion.clip.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ReferenceBank;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PatchCLIP's memory of k normal references, WinCLIP+ style: one bank per scale. The set {@value #PATCH} holds their
 * unit patch tokens (after {@code ln_post}, unprojected); every other set the unit embeddings of the views of one
 * scale (crops of one crop scale, or windows of one size), named by {@link ScaleViews#key()}. Each set remembers how
 * many rows each reference gave, so a reference's own map can be computed against the others (leave-one-out).
 * Tied to the weights and to the view recipe it was computed with: a bank made otherwise is refused.
 */
final class PatchClipBank implements ReferenceBank {
    static final String PATCH = "patch";
    private static final int MAGIC = 0x43465042; // "CFPB"
    private static final int FORMAT_VERSION = 2;

    /**
     * Unit feature rows, row-major, the rows of reference {@code r} following those of reference {@code r − 1}.
     *
     * @param perReference rows contributed by each reference, in reference order
     */
    record Rows(int count, int width, float[] values, int[] perReference) {
        Rows {
            if (values.length != (long) count * width) {
                throw new IllegalArgumentException(count + "x" + width + " rows need " + (long) count * width
                        + " values, got " + values.length);
            }
            int sum = 0;
            for (int rows : perReference) {
                sum += rows;
            }
            if (sum != count) {
                throw new IllegalArgumentException("references contribute " + sum + " rows, the set has " + count);
            }
        }

        INDArray toArray() {
            return Nd4j.create(values, new long[] {count, width}, 'c');
        }

        /** The rows of every reference but {@code reference}: the bank that reference is scored against. */
        INDArray withoutReference(int reference) {
            int start = 0;
            for (int r = 0; r < reference; r++) {
                start += perReference[r];
            }
            int removed = perReference[reference];
            float[] kept = new float[(count - removed) * width];
            System.arraycopy(values, 0, kept, 0, start * width);
            System.arraycopy(values, (start + removed) * width, kept, start * width, (count - start - removed) * width);
            return Nd4j.create(kept, new long[] {count - removed, width}, 'c');
        }
    }

    private final String scorerId;
    private final String modelSha256;
    private final String viewRecipe;
    private final List<String> referenceImageIds;
    private final Map<String, Rows> sets;
    private final Map<MapRole, Double> referenceMaxima;
    private final Map<String, INDArray> arrays = new ConcurrentHashMap<>();

    PatchClipBank(String scorerId, String modelSha256, String viewRecipe, List<String> referenceImageIds,
                  Map<String, Rows> sets, Map<MapRole, Double> referenceMaxima) {
        this.scorerId = scorerId;
        this.modelSha256 = modelSha256;
        this.viewRecipe = viewRecipe;
        this.referenceImageIds = List.copyOf(referenceImageIds);
        this.sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        this.referenceMaxima = referenceMaxima.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(referenceMaxima));
        if (!this.sets.containsKey(PATCH)) {
            throw new IllegalArgumentException("a PatchCLIP bank needs the patch-token set");
        }
    }

    @Override
    public String scorerId() {
        return scorerId;
    }

    @Override
    public List<String> referenceImageIds() {
        return referenceImageIds;
    }

    @Override
    public Map<MapRole, Double> referenceMaxima() {
        return referenceMaxima;
    }

    String modelSha256() {
        return modelSha256;
    }

    String viewRecipe() {
        return viewRecipe;
    }

    Map<String, Rows> sets() {
        return sets;
    }

    long bytes() {
        return sets.values().stream().mapToLong(rows -> 4L * rows.values().length).sum();
    }

    /** The rows of set {@code key} as one array, made on first use and owned by the bank. */
    INDArray rows(String key) {
        Rows rows = sets.get(key);
        if (rows == null) {
            throw new IllegalStateException("the PatchCLIP bank has no set '" + key + "'; it has " + sets.keySet());
        }
        return arrays.computeIfAbsent(key, k -> rows.toArray());
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(scorerId);
        data.writeUTF(modelSha256);
        data.writeUTF(viewRecipe);
        data.writeInt(referenceImageIds.size());
        for (String id : referenceImageIds) {
            data.writeUTF(id);
        }
        data.writeInt(sets.size());
        for (Map.Entry<String, Rows> set : sets.entrySet()) {
            data.writeUTF(set.getKey());
            writeRows(data, set.getValue());
        }
        data.writeInt(referenceMaxima.size());
        for (Map.Entry<MapRole, Double> maximum : referenceMaxima.entrySet()) {
            data.writeUTF(maximum.getKey().name());
            data.writeDouble(maximum.getValue());
        }
        data.flush();
    }

    static PatchClipBank readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a PatchCLIP memory bank (wrong magic number)");
        }
        int version = data.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("PatchCLIP memory bank format " + version + " is not supported (expected "
                    + FORMAT_VERSION + ": per-scale banks since ClipFusion 0.1 method fidelity); refit the category");
        }
        String scorerId = data.readUTF();
        String sha = data.readUTF();
        String recipe = data.readUTF();
        int references = data.readInt();
        List<String> ids = new ArrayList<>(references);
        for (int i = 0; i < references; i++) {
            ids.add(data.readUTF());
        }
        int setCount = data.readInt();
        Map<String, Rows> sets = new LinkedHashMap<>();
        for (int i = 0; i < setCount; i++) {
            String key = data.readUTF();
            sets.put(key, readRows(data, references));
        }
        int maxima = data.readInt();
        Map<MapRole, Double> referenceMaxima = new EnumMap<>(MapRole.class);
        for (int i = 0; i < maxima; i++) {
            String role = data.readUTF();
            double value = data.readDouble();
            try {
                referenceMaxima.put(MapRole.valueOf(role), value);
            } catch (IllegalArgumentException e) {
                throw new IOException("PatchCLIP memory bank names an unknown map role '" + role + "'", e);
            }
        }
        return new PatchClipBank(scorerId, sha, recipe, ids, sets, referenceMaxima);
    }

    private static void writeRows(DataOutputStream data, Rows rows) throws IOException {
        data.writeInt(rows.count());
        data.writeInt(rows.width());
        for (int perReference : rows.perReference()) {
            data.writeInt(perReference);
        }
        for (float value : rows.values()) {
            data.writeFloat(value);
        }
    }

    private static Rows readRows(DataInputStream data, int references) throws IOException {
        int count = data.readInt();
        int width = data.readInt();
        if (count < 0 || width < 0 || (long) count * width > Integer.MAX_VALUE - 8) {
            throw new IOException("PatchCLIP memory bank has an impossible size " + count + "x" + width);
        }
        int[] perReference = new int[references];
        for (int r = 0; r < references; r++) {
            perReference[r] = data.readInt();
        }
        float[] values = new float[count * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.readFloat();
        }
        try {
            return new Rows(count, width, values, perReference);
        } catch (IllegalArgumentException e) {
            throw new IOException("PatchCLIP memory bank is inconsistent: " + e.getMessage(), e);
        }
    }
}
