package org.clipfusion.diffusion.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.testing.ParityManifest;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The UNet against diffusers 0.30.3, driven entirely by the fixture directory: the model is loaded from {@code
 * unet/config.json} and the checkpoint beside it, fed {@code unet/inputs/}, and every reference tensor anywhere
 * under {@code unet/outputs/} (noise prediction, {@code attn2_probs/}, {@code up_block_outputs/}, {@code
 * intermediates/}) is compared with the output of the same name from one forward. A reference file that names no
 * output fails the test. The references compared are those the fixture directory's {@code MANIFEST.md} lists (a
 * listed file that is missing fails), and every file of the set must match its checksum there. Each tensor must be
 * within {@link ParityTolerance}. Nothing about sizes is assumed, so another fixture set of this layout ({@code
 * -Dclipfusion.fixtures}) is checked the same way.
 */
class UNetParityTest {
    @Test
    void everyReferenceTensorMatchesDiffusers() throws Exception {
        Path set = UNetFixtures.unet();
        ParityManifest manifest = ParityManifest.ofParityDirectory();
        manifest.verify("unet");
        List<Path> references = manifest.references("unet/outputs");
        try (UNetModel model = UNetModel.load(set);
                INDArray latents = UNetFixtures.read(set.resolve("inputs/noisy_latents.npy"));
                INDArray timesteps = UNetFixtures.read(set.resolve("inputs/timesteps.npy"));
                INDArray text = UNetFixtures.read(set.resolve("inputs/encoder_hidden_states.npy"))) {
            Map<String, Path> referenceByOutput = new LinkedHashMap<>();
            List<String> unmapped = new ArrayList<>();
            for (Path reference : references) {
                String name = UNetFixtures.outputName(reference);
                if (model.outputNames().contains(name)) {
                    referenceByOutput.put(name, reference);
                } else {
                    unmapped.add(set.relativize(reference).toString());
                }
            }
            assertTrue(unmapped.isEmpty(), "reference files that map to no UNet output: " + unmapped
                    + " (outputs: " + model.outputNames() + ")");

            Map<String, INDArray> outputs = model.run(latents, timesteps, text, referenceByOutput.keySet());
            List<String> report = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            try {
                for (Map.Entry<String, Path> entry : referenceByOutput.entrySet()) {
                    try (INDArray expected = UNetFixtures.read(entry.getValue())) {
                        INDArray actual = outputs.get(entry.getKey());
                        assertArrayEquals(expected.shape(), actual.shape(), entry.getKey() + ": shape");
                        double error = UNetFixtures.maxAbsError(actual, expected);
                        double magnitude = expected.amaxNumber().doubleValue();
                        String line = ParityTolerance.describe(set.relativize(entry.getValue()).toString(), error,
                                magnitude);
                        report.add(line);
                        if (!ParityTolerance.within(error, magnitude)) {
                            failures.add(line);
                        }
                    }
                }
            } finally {
                outputs.values().forEach(INDArray::close);
            }
            System.out.println("UNet parity against " + set + ":\n  " + String.join("\n  ", report));
            assertTrue(failures.isEmpty(), "beyond the parity tolerance:\n" + String.join("\n", failures));
        }
    }
}
