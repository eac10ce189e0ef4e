package org.clipfusion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensors whose bytes are streamed in while the file is written ({@link SafetensorsWriter#addBytes}). */
class SafetensorsWriterBytesTest {
    @TempDir
    Path dir;

    @Test
    void streamedTensorsOfAnyDtypeSitBetweenInMemoryOnes() throws IOException {
        Path file = dir.resolve("mixed.safetensors");
        new SafetensorsWriter()
                .addFloats("a", DType.F32, new long[] {2}, new float[] {1.5f, -2f})
                .addBytes("b", DType.U8, new long[] {3}, channel -> channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                .addBytes("c", DType.BOOL, new long[] {0}, channel -> { })
                .addLongs("d", new long[] {1}, new long[] {42})
                .writeTo(file);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1.5f, -2f}, read.readFloats("a"));
            byte[] bytes = new byte[3];
            read.map("b").get(bytes);
            assertArrayEquals(new byte[] {1, 2, 3}, bytes);
            assertEquals(0, read.info("c").elementCount());
            assertArrayEquals(new long[] {42}, read.readLongs("d"));
        }
    }

    @Test
    void aSourceWritingTheWrongByteCountFailsAndLeavesNoFile() {
        Path file = dir.resolve("wrong.safetensors");
        SafetensorsWriter writer = new SafetensorsWriter().addBytes("b", DType.I32, new long[] {2},
                channel -> channel.write(ByteBuffer.wrap(new byte[4])));
        IOException error = assertThrows(IOException.class, () -> writer.writeTo(file));
        assertTrue(error.getMessage().contains("tensor 'b': its source wrote 4 bytes but I32 [2] needs 8"),
                error.getMessage());
        assertTrue(Files.notExists(file));
    }
}
