package org.clipfusion.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real open_clip parity checkpoint from {@code shared/fixtures/parity} (see its MANIFEST.md: 62 tensors,
 * all F16, 4228178 bytes). Expected values were read from the file with numpy.
 */
class OpenClipCheckpointTest {
    private static Path checkpoint;

    @BeforeAll
    static void locateCheckpoint() {
        checkpoint = SharedFixtures.shared("fixtures/parity/open_clip/model.safetensors");
    }

    @Test
    void headerMatchesTheManifest() throws IOException {
        assertEquals(4_228_178L, Files.size(checkpoint));
        try (SafetensorsFile file = SafetensorsFile.open(checkpoint)) {
            assertEquals(62, file.tensors().size());
            assertTrue(file.tensors().values().stream().allMatch(info -> info.dtype() == DType.F16));
            assertEquals(Map.of("format", "pt"), file.metadata());
            assertArrayEquals(new long[] {128, 3, 16, 16}, file.info("visual.conv1.weight").shape());
            assertArrayEquals(new long[] {49408, 32}, file.info("token_embedding.weight").shape());
            assertArrayEquals(new long[] {77, 32}, file.info("positional_embedding").shape());
            assertArrayEquals(new long[] {10, 128}, file.info("visual.positional_embedding").shape());
            assertArrayEquals(new long[] {128, 32}, file.info("visual.proj").shape());
            assertArrayEquals(new long[] {384, 128},
                    file.info("visual.transformer.resblocks.1.attn.in_proj_weight").shape());
            assertArrayEquals(new long[0], file.info("logit_scale").shape());
            assertEquals("ln_final.bias", file.tensors().keySet().iterator().next());
            // The writer packs tensors back to back in key order, so the last one ends the file.
            TensorInfo last = file.info("visual.transformer.resblocks.1.mlp.c_proj.weight");
            assertEquals(4_221_762L, last.dataEnd());
        }
    }

    @Test
    void valuesMatchNumpy() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(checkpoint)) {
            // ln(1/0.07) = 2.6593 rounded to the nearest half: 0x4152.
            assertEquals(2.66015625f, file.readFloats("logit_scale", new long[0])[0]);
            assertEquals((short) 0x4152, file.map("logit_scale").getShort(0));

            float[] proj = file.readFloats("visual.proj", 128, 32);
            assertFloatBits(new int[] {0x3dc90000, 0xbea58000, 0xbe072000}, proj);
            assertEquals(0x3e350000, Float.floatToRawIntBits(proj[proj.length - 1]));
            assertEquals(13.546371877193451, sum(proj), 1e-9);

            float[] tokens = file.readFloats("token_embedding.weight", 49408, 32);
            assertFloatBits(new int[] {0xbd926000, 0x3d82a000, 0xbea6a000}, tokens);
            assertEquals(0x3f024000, Float.floatToRawIntBits(tokens[tokens.length - 1]));
            assertEquals(182.74050217866898, sum(tokens), 1e-9);

            float[] conv = file.readFloats("visual.conv1.weight", 128, 3, 16, 16);
            assertFloatBits(new int[] {0x3d134000, 0xbd618000, 0xbcc42000}, conv);
            assertEquals(0xbbcd6000, Float.floatToRawIntBits(conv[conv.length - 1]));
            assertEquals(-9.427719712257385, sum(conv), 1e-9);
        }
    }

    @Test
    void directBufferAndSmallWindowsAgreeWithArrays() throws IOException {
        String key = "visual.transformer.resblocks.0.mlp.c_fc.weight";
        try (SafetensorsFile file = SafetensorsFile.open(checkpoint);
                SafetensorsFile windowed = SafetensorsFile.open(checkpoint, 1000)) {
            float[] expected = file.readFloats(key);
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * expected.length).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            windowed.readFloatsInto(key, direct);
            float[] viaBuffer = new float[expected.length];
            direct.flip().get(viaBuffer);
            assertArrayEquals(expected, viaBuffer);
            assertArrayEquals(expected, windowed.readFloats(key));
        }
    }

    @Test
    void missingKeySuggestsTheQualifiedOne() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(checkpoint)) {
            TensorFormatException error = assertThrows(TensorFormatException.class, () -> file.readFloats("proj"));
            assertTrue(error.getMessage().contains("tensor 'proj': no such tensor in this file (it has 62 tensors; "
                    + "similar keys: visual.proj)"), error.getMessage());
            TensorFormatException shape = assertThrows(TensorFormatException.class,
                    () -> file.readFloats("visual.proj", 32, 128));
            assertTrue(shape.getMessage().endsWith(
                    "tensor 'visual.proj': expected shape [32, 128] but the file has shape [128, 32] (F16)"),
                    shape.getMessage());
        }
    }


    private static void assertFloatBits(int[] expectedPrefix, float[] actual) {
        for (int i = 0; i < expectedPrefix.length; i++) {
            assertEquals(Integer.toHexString(expectedPrefix[i]), Integer.toHexString(Float.floatToRawIntBits(actual[i])),
                    "element " + i);
        }
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }
}
