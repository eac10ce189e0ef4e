package org.clipfusion.engine.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.ReferenceBank;

/** A test scorer's bank: the references' numbers, stamped with the scorer's "weights". */
final class TestBank implements ReferenceBank {
    final String scorerId;
    final String weights;
    final List<String> ids;
    final double[] values;
    /** What {@link #referenceMaxima()} says; not persisted. */
    Map<MapRole, Double> maxima = Map.of();

    TestBank(String scorerId, String weights, List<String> ids, double[] values) {
        this.scorerId = scorerId;
        this.weights = weights;
        this.ids = List.copyOf(ids);
        this.values = values.clone();
    }

    double mean() {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    @Override
    public Map<MapRole, Double> referenceMaxima() {
        return maxima;
    }

    @Override
    public String scorerId() {
        return scorerId;
    }

    @Override
    public List<String> referenceImageIds() {
        return ids;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(scorerId);
        data.writeUTF(weights);
        data.writeInt(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            data.writeUTF(ids.get(i));
            data.writeDouble(values[i]);
        }
        data.flush();
    }

    static TestBank readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String scorerId = data.readUTF();
        String weights = data.readUTF();
        int n = data.readInt();
        List<String> ids = new ArrayList<>();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ids.add(data.readUTF());
            values[i] = data.readDouble();
        }
        return new TestBank(scorerId, weights, ids, values);
    }
}
