package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loading a UNet directory: copies of the fixture checkpoint, doctored or stored in another dtype, written to a
 * temporary directory. Every missing, unexpected, mis-shaped and non-float key is reported by name in one error;
 * F32 and BF16 storage load like F16.
 */
class UNetCheckpointTest {
    private static final String DROPPED = "mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight";
    private static final String RESHAPED = "conv_in.bias";
    private static final String INTEGER = "up_blocks.0.resnets.0.norm1.weight";
    private static final String EXTRA = "up_blocks.0.attentions.0.proj_in.weight";

    @TempDir
    Path temporary;

    @Test
    void reportsEveryMissingUnexpectedAndMisShapedKeyByName() throws IOException {
        Path unet = copyFixture(key -> !key.equals(DROPPED), DType.F16, writer -> {
            writer.addFloats(EXTRA, DType.F16, new long[] {1, 1}, new float[] {1f});
            writer.addFloats(RESHAPED, DType.F16, new long[] {3}, new float[3]);
            writer.addLongs(INTEGER, new long[] {1}, new long[] {7});
        }, List.of(RESHAPED, INTEGER));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> UNetModel.load(unet));

        assertAll(
                () -> assertEquals(List.of(DROPPED), error.missingKeys()),
                () -> assertEquals(List.of(EXTRA), error.unexpectedKeys()),
                () -> assertEquals(2, error.shapeMismatches().size(), error.shapeMismatches()::toString),
                () -> assertTrue(error.shapeMismatches().get(0).startsWith(RESHAPED + ": expected shape [")),
                () -> assertTrue(error.shapeMismatches().get(1).startsWith(INTEGER + ": expected a float tensor")),
                () -> assertTrue(error.getMessage().contains(DROPPED) && error.getMessage().contains(EXTRA)
                        && error.getMessage().contains(RESHAPED) && error.getMessage().contains(INTEGER),
                        error::getMessage),
                () -> assertTrue(error.getMessage().startsWith(unet.resolve(UNetModel.WEIGHTS_FILE_NAME).toString()),
                        error::getMessage));
    }

    @Test
    void loadsF32AndBf16Checkpoints() throws IOException {
        Path f32 = copyFixture(key -> true, DType.F32, writer -> { }, List.of());
        Path bf16 = Files.createDirectory(temporary.resolve("bf16"));
        copyFixtureInto(bf16, key -> true, DType.BF16, writer -> { }, List.of());
        Path set = UNetFixtures.unet();
        try (UNetModel original = UNetModel.load(set);
                UNetModel widened = UNetModel.load(f32);
                UNetModel narrowed = UNetModel.load(bf16);
                INDArray latents = UNetFixtures.read(set.resolve("inputs/noisy_latents.npy"));
                INDArray text = UNetFixtures.read(set.resolve("inputs/encoder_hidden_states.npy"));
                INDArray expected = original.predictNoise(latents, 100, text);
                INDArray fromF32 = widened.predictNoise(latents, 100, text);
                INDArray fromBf16 = narrowed.predictNoise(latents, 100, text)) {
            // The fixture's weights are F16 values, so their F32 copy holds exactly the same numbers.
            assertEquals(0.0, UNetFixtures.maxAbsError(fromF32, expected));
            // BF16 keeps 8 bits of mantissa: the prediction moves, but stays the same prediction.
            double error = UNetFixtures.maxAbsError(fromBf16, expected);
            double scale = expected.amaxNumber().doubleValue();
            assertTrue(error < 0.1 * scale, "BF16 weights changed the prediction by " + error + " (max " + scale
                    + ")");
        }
    }

    @Test
    void namesTheMissingFile() throws IOException {
        Path unet = Files.createDirectory(temporary.resolve("empty"));
        Files.copy(UNetFixtures.unet().resolve(UNetModel.CONFIG_FILE_NAME), unet.resolve(UNetModel.CONFIG_FILE_NAME));
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> UNetModel.load(unet));
        assertTrue(error.getMessage().contains(UNetModel.WEIGHTS_FILE_NAME), error::getMessage);
    }

    /** Extra tensors for a doctored copy. */
    private interface Additions {
        void addTo(SafetensorsWriter writer);
    }

    private Path copyFixture(Predicate<String> keep, DType dtype, Additions additions, List<String> replaced)
            throws IOException {
        Path unet = Files.createDirectory(temporary.resolve("unet"));
        copyFixtureInto(unet, keep, dtype, additions, replaced);
        return unet;
    }

    /** The fixture's config and its tensors (those {@code keep} accepts, not {@code replaced}) as {@code dtype}. */
    private static void copyFixtureInto(Path unet, Predicate<String> keep, DType dtype, Additions additions,
            List<String> replaced) throws IOException {
        Path fixture = UNetFixtures.unet();
        Files.copy(fixture.resolve(UNetModel.CONFIG_FILE_NAME), unet.resolve(UNetModel.CONFIG_FILE_NAME));
        SafetensorsWriter writer = new SafetensorsWriter().putMetadata("format", "pt");
        try (SafetensorsFile original = SafetensorsFile.open(fixture.resolve(UNetModel.WEIGHTS_FILE_NAME))) {
            for (Map.Entry<String, TensorInfo> entry : original.tensors().entrySet()) {
                String key = entry.getKey();
                if (keep.test(key) && !replaced.contains(key)) {
                    writer.addFloats(key, dtype, entry.getValue().shape(), original.readFloats(key));
                }
            }
        }
        additions.addTo(writer);
        writer.writeTo(unet.resolve(UNetModel.WEIGHTS_FILE_NAME));
    }
}
