package org.clipfusion.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code clipfusion:model-verify} in the distribution: the clip and diffusion bundles' architecture services are
 * found, the tiny parity models pass, and a truncated checkpoint fails the command with a one-line summary.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelVerifyIT extends ClipFusionKarafSupport {

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    @Test
    public void parityModelsPassAndATruncatedCopyFails() throws Exception {
        awaitService(ModelArchitecture.class, "(clipfusion.id=open_clip)");
        awaitService(ModelArchitecture.class, "(clipfusion.id=stable-diffusion)");
        Path parity = Path.of(System.getProperty(PARITY_PROPERTY));

        String openClip = executeCommand("clipfusion:model-verify " + parity.resolve("open_clip"));
        assertTrue(openClip, openClip.contains("(open_clip)") && openClip.contains("Result: OK"));
        String diffusion = executeCommand("clipfusion:model-verify " + parity);
        assertTrue(diffusion, diffusion.contains("(stable-diffusion)") && diffusion.contains("Result: OK"));

        Path copy = Files.createTempDirectory("clipfusion-model-verify-it");
        Files.copy(parity.resolve("open_clip/config.json"), copy.resolve("config.json"));
        byte[] weights = Files.readAllBytes(parity.resolve("open_clip/model.safetensors"));
        Files.write(copy.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length - 100));
        try {
            String output = executeCommand("clipfusion:model-verify " + copy);
            throw new AssertionError("a truncated model verified: " + output);
        } catch (ExecutionException e) {
            String message = e.getCause().getMessage();
            assertTrue(message, message.startsWith(copy + " is not a valid open_clip model: 1 unreadable or "
                    + "truncated file"));
            assertFalse(message, message.contains("\n"));
        }
    }
}
