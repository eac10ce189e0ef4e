package org.clipfusion.diffusion.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.diffusion.vae.VaeOutputs;
import org.clipfusion.testing.ParityManifest;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The schedule and {@code add_noise} against diffusers: every reference file of the scheduler set ({@code
 * scheduler/*.npy}) must map to a schedule quantity and match bit for bit (the float32 roundings are torch's);
 * the UNet set's noisy latents (MANIFEST §3: {@code add_noise(latents_scaled, noise, timesteps)}) are reproduced
 * from the VAE set's reference latents exactly, and from this project's VAE latents within {@link ParityTolerance}.
 * The fixture files used must match the checksums of {@code MANIFEST.md}, and every scheduler reference it lists is
 * compared.
 */
class NoiseSchedulerParityTest {
    @TestFactory
    Stream<DynamicTest> everyScheduleReferenceMatches() throws IOException {
        Path fixture = ParityFiles.set("scheduler");
        ParityManifest manifest = ParityManifest.ofParityDirectory();
        manifest.verify("scheduler");
        NoiseScheduler scheduler = NoiseScheduler.read(fixture);
        List<Path> references = manifest.references("scheduler");
        Map<String, float[]> quantities = Map.of("alphas_cumprod", scheduler.alphasCumprod(),
                "betas", scheduler.betas());
        return references.stream().map(reference -> DynamicTest.dynamicTest(fixture.relativize(reference).toString(),
                () -> {
                    String name = ParityFiles.stem(reference);
                    assertTrue(quantities.containsKey(name), reference + " maps to no schedule quantity "
                            + quantities.keySet());
                    try (INDArray expected = ParityFiles.readFloats(reference);
                            INDArray actual = Nd4j.createFromArray(quantities.get(name))) {
                        System.out.printf("scheduler parity %-28s max abs error %.3e%n", fixture.relativize(reference),
                                ParityFiles.maxAbsError(actual, expected));
                        assertEquals(expected, actual, name + " is bit-identical to diffusers'");
                    }
                }));
    }

    @Test
    void addNoiseReproducesTheUnetInputs() throws IOException {
        ParityManifest manifest = ParityManifest.ofParityDirectory();
        manifest.verify("unet/inputs");
        manifest.verify("vae");
        Path unet = ParityFiles.set("unet").resolve("inputs");
        Path vae = ParityFiles.set("vae");
        NoiseScheduler scheduler = NoiseScheduler.read(ParityFiles.set("scheduler"));
        long[] timesteps = ParityFiles.readLongs(unet.resolve("timesteps.npy"));
        try (INDArray noise = ParityFiles.readFloats(unet.resolve("noise.npy"));
                INDArray expected = ParityFiles.readFloats(unet.resolve("noisy_latents.npy"));
                INDArray referenceLatents = ParityFiles.readFloats(vae.resolve("outputs/latents_scaled.npy"));
                INDArray fromReference = scheduler.addNoise(referenceLatents, noise, timesteps);
                VaeEncoder encoder = VaeEncoder.load(vae);
                INDArray images = ParityFiles.readFloats(vae.resolve("inputs/image.npy"));
                INDArray ownLatents = encoder.outputs(images, VaeOutputs.LATENTS).get(VaeOutputs.LATENTS);
                INDArray fromOwnLatents = scheduler.addNoise(ownLatents, noise, timesteps)) {
            double exactError = ParityFiles.maxAbsError(fromReference, expected);
            double endToEndError = ParityFiles.maxAbsError(fromOwnLatents, expected);
            System.out.printf("scheduler parity unet/inputs/noisy_latents.npy (reference latents) max abs error %.3e%n",
                    exactError);
            System.out.printf("scheduler parity unet/inputs/noisy_latents.npy (VAE encoder here)  max abs error %.3e%n",
                    endToEndError);
            assertEquals(expected, fromReference, "add_noise is bit-identical to diffusers'");
            double magnitude = expected.amaxNumber().doubleValue();
            assertTrue(ParityTolerance.within(endToEndError, magnitude),
                    ParityTolerance.describe("end to end", endToEndError, magnitude));
        }
    }
}
