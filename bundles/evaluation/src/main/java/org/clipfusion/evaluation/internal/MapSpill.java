package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.clipfusion.api.AnomalyMap;

/**
 * The anomaly maps of a run, kept on disk between the inspection pass and the pixel-metric pass so that a category
 * of any size needs the memory of one map, not of all of them. Deleted on {@link #close()}.
 */
final class MapSpill implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final List<long[]> entries = new ArrayList<>();
    private long end;

    MapSpill(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Stores a map; returns its index for {@link #read}. */
    int append(AnomalyMap map) throws IOException {
        float[] values = map.values();
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        long position = end;
        while (buffer.hasRemaining()) {
            end += channel.write(buffer, end);
        }
        entries.add(new long[] {position, map.width(), map.height()});
        return entries.size() - 1;
    }

    /** The values of map {@code index}, row-major. */
    float[] read(int index) throws IOException {
        long[] entry = entries.get(index);
        int count = (int) (entry[1] * entry[2]);
        ByteBuffer buffer = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        long position = entry[0];
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("map spill " + file + " ends early at map " + index);
            }
        }
        buffer.flip();
        float[] values = new float[count];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    int width(int index) {
        return (int) entries.get(index)[1];
    }

    int height(int index) {
        return (int) entries.get(index)[2];
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
