package org.clipfusion.diffusion.vae;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.testing.ParityManifest;
import org.clipfusion.testing.ParityTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every reference output of the VAE fixture set ({@code vae/outputs/*.npy} and {@code outputs/intermediates/*.npy})
 * against this encoder, within {@link ParityTolerance}, for every checkpoint in the set (the F32 file with current
 * names and the F16 copy with pre-0.14 attention names). Driven entirely by the fixture directory, whose files must
 * match its {@code MANIFEST.md}: every reference listed there is compared (a listed file that is missing fails), a
 * reference file that maps to no output fails, except the decoder's, which this encoder-only port deliberately does
 * not compute.
 */
class VaeEncoderParityTest {
    private static final String SET = "vae";
    /** Reference files of parts not ported, with the reason; everything else must map to an output. */
    private static final Map<String, String> NOT_PORTED = Map.of(
            "decoded_from_latents", "the decoder is not ported (MANIFEST §3: extra, not required)");

    private static Path fixture;
    private static VaeConfig config;
    private static INDArray images;

    @BeforeAll
    static void readInputs() throws IOException {
        fixture = ParityFiles.set(SET);
        ParityManifest.ofParityDirectory().verify(SET);
        config = VaeConfig.read(fixture.resolve("config.json"));
        images = ParityFiles.readFloats(fixture.resolve("inputs/image.npy"));
    }

    @AfterAll
    static void release() {
        if (images != null) {
            images.close();
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyReferenceOutputMatchesForEveryCheckpoint() throws IOException {
        List<Path> checkpoints;
        try (var files = Files.list(fixture)) {
            checkpoints = files.filter(file -> file.getFileName().toString().endsWith(".safetensors")).sorted()
                    .toList();
        }
        assertFalse(checkpoints.isEmpty(), "no checkpoints in " + fixture);
        List<Path> references = ParityManifest.ofParityDirectory().references(SET + "/outputs");
        return checkpoints.stream().map(checkpoint -> DynamicContainer.dynamicContainer(
                checkpoint.getFileName().toString(), Stream.of(DynamicTest.dynamicTest("all outputs",
                        () -> compareAll(checkpoint, references)))));
    }

    private static void compareAll(Path checkpoint, List<Path> references) throws IOException {
        try (VaeEncoder encoder = VaeEncoder.load(config, checkpoint)) {
            Map<String, INDArray> outputs = encoder.outputs(images, VaeOutputs.ALL.toArray(String[]::new));
            try {
                StringBuilder failures = new StringBuilder();
                for (Path reference : references) {
                    String name = ParityFiles.stem(reference);
                    if (NOT_PORTED.containsKey(name)) {
                        System.out.printf("VAE parity %-56s %-52s not compared: %s%n", checkpoint.getFileName(),
                                fixture.relativize(reference), NOT_PORTED.get(name));
                        continue;
                    }
                    if (!outputs.containsKey(name)) {
                        failures.append(fixture.relativize(reference)).append(" maps to no output ")
                                .append(VaeOutputs.ALL).append("; ");
                        continue;
                    }
                    try (INDArray expected = ParityFiles.readFloats(reference)) {
                        double error = ParityFiles.maxAbsError(outputs.get(name), expected);
                        double magnitude = expected.amaxNumber().doubleValue();
                        String line = ParityTolerance.describe("VAE " + checkpoint.getFileName() + " "
                                + fixture.relativize(reference), error, magnitude);
                        System.out.println(line);
                        if (!ParityTolerance.within(error, magnitude)) {
                            failures.append(line).append("; ");
                        }
                    }
                }
                assertTrue(failures.isEmpty(), failures.toString());
            } finally {
                outputs.values().forEach(INDArray::close);
            }
        }
    }
}
