package org.clipfusion.sinks.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;

/**
 * The exact binary form of a result inside an outbox entry, so that a sink gets back what the engine produced (bit
 * for bit, scores and map included) after any number of restarts. The component maps are left out on purpose: they
 * are several times the fused map's size, no sink writes them, and the outbox must stay small enough to hold a
 * long outage.
 */
final class ResultCodec {
    /** Bumped when the layout changes; older entries are then still readable by their own branch. */
    static final int FORMAT = 3;
    /** Entries written before results had a pixel threshold and method choices: read, without them. */
    private static final int FORMAT_1 = 1;
    /** Entries written before results named their category version: read, with an empty one. */
    private static final int FORMAT_2 = 2;

    private ResultCodec() {
    }

    static byte[] encode(DetectionResult result) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * result.map().width() * result.map().height());
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(FORMAT);
        writeText(out, result.requestId());
        writeText(out, result.partId());
        writeText(out, result.imageId());
        out.writeLong(result.time().getEpochSecond());
        out.writeInt(result.time().getNano());
        out.writeDouble(result.imageScore());
        writeMap(out, result.map());
        writeText(out, result.decision().name());
        out.writeDouble(result.threshold().value());
        writeText(out, result.threshold().source().name());
        writeText(out, result.threshold().detail());
        writeProvenance(out, result.provenance());
        out.writeDouble(result.pixelThreshold().value());
        writeText(out, result.pixelThreshold().source().name());
        writeText(out, result.pixelThreshold().detail());
        writeText(out, result.provenance().categoryVersion());
        out.flush();
        return bytes.toByteArray();
    }

    static DetectionResult decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int format = in.readInt();
        if (format < FORMAT_1 || format > FORMAT) {
            throw new IOException("unknown result format " + format + " (this version reads "
                    + FORMAT_1 + " to " + FORMAT + ")");
        }
        String requestId = readText(in);
        String partId = readText(in);
        String imageId = readText(in);
        Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
        double imageScore = in.readDouble();
        AnomalyMap map = readMap(in);
        Decision decision = Decision.valueOf(readText(in));
        double thresholdValue = in.readDouble();
        ThresholdSource source = ThresholdSource.valueOf(readText(in));
        Threshold threshold = new Threshold(thresholdValue, source, readText(in));
        Provenance provenance = readProvenance(in, format >= FORMAT_2);
        if (format == FORMAT_1) {
            return new DetectionResult(requestId, partId, imageId, time, imageScore, map, Map.of(), decision,
                    threshold, provenance, new Threshold(Double.NaN, ThresholdSource.UNSET,
                    "stored by a version without pixel thresholds"));
        }
        double pixelValue = in.readDouble();
        ThresholdSource pixelSource = ThresholdSource.valueOf(readText(in));
        Threshold pixelThreshold = new Threshold(pixelValue, pixelSource, readText(in));
        if (format > FORMAT_2) {
            provenance = withCategoryVersion(provenance, readText(in));
        }
        return new DetectionResult(requestId, partId, imageId, time, imageScore, map, Map.of(), decision, threshold,
                provenance, pixelThreshold);
    }

    private static Provenance withCategoryVersion(Provenance p, String version) {
        return new Provenance(p.category(), p.models(), p.prompts(), p.alphaSegmentation(), p.alphaClassification(),
                p.fusionStrategy(), p.referenceImageIds(), p.seed(), p.softwareVersion(), p.method(), version);
    }

    private static void writeProvenance(DataOutputStream out, Provenance provenance) throws IOException {
        writeText(out, provenance.category());
        out.writeInt(provenance.models().size());
        for (ModelInfo model : provenance.models()) {
            writeText(out, model.id());
            writeText(out, model.file());
            writeText(out, model.sha256());
        }
        writeTexts(out, provenance.prompts());
        out.writeDouble(provenance.alphaSegmentation());
        out.writeDouble(provenance.alphaClassification());
        writeText(out, provenance.fusionStrategy());
        writeTexts(out, provenance.referenceImageIds());
        out.writeLong(provenance.seed());
        writeText(out, provenance.softwareVersion());
        out.writeInt(provenance.method().size());
        for (Map.Entry<String, String> entry : provenance.method().entrySet()) {
            writeText(out, entry.getKey());
            writeText(out, entry.getValue());
        }
    }

    private static Provenance readProvenance(DataInputStream in, boolean withMethod) throws IOException {
        String category = readText(in);
        int modelCount = readCount(in);
        List<ModelInfo> models = new ArrayList<>(modelCount);
        for (int i = 0; i < modelCount; i++) {
            models.add(new ModelInfo(readText(in), readText(in), readText(in)));
        }
        List<String> prompts = readTexts(in);
        double alphaSegmentation = in.readDouble();
        double alphaClassification = in.readDouble();
        String fusionStrategy = readText(in);
        List<String> references = readTexts(in);
        long seed = in.readLong();
        String softwareVersion = readText(in);
        Map<String, String> method = new TreeMap<>();
        if (withMethod) {
            int entries = readCount(in);
            for (int i = 0; i < entries; i++) {
                method.put(readText(in), readText(in));
            }
        }
        return new Provenance(category, models, prompts, alphaSegmentation, alphaClassification, fusionStrategy,
                references, seed, softwareVersion, method);
    }

    private static void writeMap(DataOutputStream out, AnomalyMap map) throws IOException {
        out.writeInt(map.width());
        out.writeInt(map.height());
        writeText(out, map.role().name());
        writeText(out, map.source());
        for (float value : map.values()) {
            out.writeFloat(value);
        }
    }

    private static AnomalyMap readMap(DataInputStream in) throws IOException {
        int width = in.readInt();
        int height = in.readInt();
        if (width <= 0 || height <= 0 || (long) width * height > 1L << 26) {
            throw new IOException("implausible map size " + width + "x" + height);
        }
        MapRole role = MapRole.valueOf(readText(in));
        String source = readText(in);
        float[] values = new float[width * height];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return new AnomalyMap(width, height, values, role, source);
    }

    private static void writeTexts(DataOutputStream out, List<String> texts) throws IOException {
        out.writeInt(texts.size());
        for (String text : texts) {
            writeText(out, text);
        }
    }

    private static List<String> readTexts(DataInputStream in) throws IOException {
        int count = readCount(in);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(readText(in));
        }
        return texts;
    }

    /** Length-prefixed UTF-8: DataOutput's writeUTF stops at 64 KiB and mangles NUL. */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[readCount(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1 << 26) {
            throw new IOException("implausible length " + count);
        }
        return count;
    }
}
