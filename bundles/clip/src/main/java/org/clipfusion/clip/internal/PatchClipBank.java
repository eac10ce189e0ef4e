package org.clipfusion.clip.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.clipfusion.api.spi.ReferenceBank;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PatchCLIP's memory of k normal references: their unit patch tokens (after {@code ln_post}, unprojected) and the
 * unit embeddings of their crops. Tied to the weights it was computed with: a bank from other weights is refused.
 */
final class PatchClipBank implements ReferenceBank {
    private static final int MAGIC = 0x43465042; // "CFPB"
    private static final int FORMAT_VERSION = 1;

    /** Unit feature rows, row-major. */
    record Rows(int count, int width, float[] values) {
        Rows {
            if (values.length != (long) count * width) {
                throw new IllegalArgumentException(count + "x" + width + " rows need " + (long) count * width
                        + " values, got " + values.length);
            }
        }

        INDArray toArray() {
            return Nd4j.create(values, new long[] {count, width}, 'c');
        }
    }

    private final String scorerId;
    private final String modelSha256;
    private final List<String> referenceImageIds;
    private final Rows patchTokens;
    private final Rows cropEmbeddings;
    private volatile INDArray patchArray;
    private volatile INDArray cropArray;

    PatchClipBank(String scorerId, String modelSha256, List<String> referenceImageIds, Rows patchTokens,
                  Rows cropEmbeddings) {
        this.scorerId = scorerId;
        this.modelSha256 = modelSha256;
        this.referenceImageIds = List.copyOf(referenceImageIds);
        this.patchTokens = patchTokens;
        this.cropEmbeddings = cropEmbeddings;
    }

    @Override
    public String scorerId() {
        return scorerId;
    }

    @Override
    public List<String> referenceImageIds() {
        return referenceImageIds;
    }

    String modelSha256() {
        return modelSha256;
    }

    long bytes() {
        return 4L * (patchTokens.values().length + cropEmbeddings.values().length);
    }

    INDArray patchTokens() {
        if (patchArray == null) {
            patchArray = patchTokens.toArray();
        }
        return patchArray;
    }

    INDArray cropEmbeddings() {
        if (cropArray == null) {
            cropArray = cropEmbeddings.toArray();
        }
        return cropArray;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(scorerId);
        data.writeUTF(modelSha256);
        data.writeInt(referenceImageIds.size());
        for (String id : referenceImageIds) {
            data.writeUTF(id);
        }
        writeRows(data, patchTokens);
        writeRows(data, cropEmbeddings);
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
                    + FORMAT_VERSION + "); refit the category");
        }
        String scorerId = data.readUTF();
        String sha = data.readUTF();
        int references = data.readInt();
        List<String> ids = new ArrayList<>(references);
        for (int i = 0; i < references; i++) {
            ids.add(data.readUTF());
        }
        return new PatchClipBank(scorerId, sha, ids, readRows(data), readRows(data));
    }

    private static void writeRows(DataOutputStream data, Rows rows) throws IOException {
        data.writeInt(rows.count());
        data.writeInt(rows.width());
        for (float value : rows.values()) {
            data.writeFloat(value);
        }
    }

    private static Rows readRows(DataInputStream data) throws IOException {
        int count = data.readInt();
        int width = data.readInt();
        if (count < 0 || width < 0 || (long) count * width > Integer.MAX_VALUE - 8) {
            throw new IOException("PatchCLIP memory bank has an impossible size " + count + "x" + width);
        }
        float[] values = new float[count * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.readFloat();
        }
        return new Rows(count, width, values);
    }
}
