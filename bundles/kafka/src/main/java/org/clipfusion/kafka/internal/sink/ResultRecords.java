package org.clipfusion.kafka.internal.sink;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.sinks.ResultJson;

/**
 * A result as a Kafka record: key the request id (UTF-8), so that every delivery of one request's result lands on one
 * partition and a compacted topic keeps one result per request; value the {@code clipfusion.result/2} JSON record the
 * other sinks write; headers {@code clipfusion.format} and, when maps are on, {@code clipfusion.map.png} (the fused
 * map as a 16-bit grayscale PNG, 0 to {@code clipfusion.map.max} linearly).
 */
final class ResultRecords {
    static final String FORMAT_HEADER = "clipfusion.format";
    static final String MAP_HEADER = "clipfusion.map.png";
    static final String MAP_MAX_HEADER = "clipfusion.map.max";

    private ResultRecords() {
    }

    static ProducerRecord<byte[], byte[]> of(String topic, DetectionResult result, boolean pngMap) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                result.requestId().getBytes(StandardCharsets.UTF_8),
                ResultJson.of(result).getBytes(StandardCharsets.UTF_8));
        record.headers().add(FORMAT_HEADER, ResultJson.FORMAT.getBytes(StandardCharsets.UTF_8));
        if (pngMap) {
            float max = scaleOf(result.map());
            record.headers().add(MAP_HEADER, png16(result.map(), max));
            record.headers().add(MAP_MAX_HEADER, Float.toString(max).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** The map's maximum, or 1 for a map without a positive finite value (so that it is all black). */
    static float scaleOf(AnomalyMap map) {
        float max = map.max();
        return Float.isFinite(max) && max > 0 ? max : 1f;
    }

    /** 0..max to 0..65535, rounded; NaN and negative values as 0. */
    static byte[] png16(AnomalyMap map, float max) {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                float value = map.at(x, y);
                double unit = Float.isNaN(value) ? 0 : Math.max(0, Math.min(1, value / max));
                raster.setSample(x, y, 0, (int) Math.round(unit * 65535));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding in memory failed", e);
        }
        return out.toByteArray();
    }
}
