package org.clipfusion.tensor.torch;

import static org.clipfusion.tensor.torch.TorchFixtures.assertSameTensors;
import static org.clipfusion.tensor.torch.TorchFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line models/fetch runs. */
class ConvertTorchCheckpointTest {
    @TempDir
    Path temporary;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void convertsWithOptions() throws IOException {
        Path output = temporary.resolve("model.safetensors");
        int status = run("--strip-prefix", "module.", fixture("open_clip_style.pt").toString(), output.toString());
        assertEquals(ConvertTorchCheckpoint.OK, status, text(err));
        assertTrue(text(out).startsWith("Converted 5 tensors"), text(out));
        assertSameTensors(fixture("open_clip_style.expected.safetensors"), output);
    }

    @Test
    void aRefusedCheckpointFailsWithOneLineAndWritesNothing() {
        Path output = temporary.resolve("model.safetensors");
        int status = run(fixture("forbidden_global.pt").toString(), output.toString());
        assertEquals(ConvertTorchCheckpoint.FAILED, status);
        assertTrue(text(err).startsWith("conversion failed: "), text(err));
        assertTrue(text(err).contains("posix.system"), text(err));
        assertTrue(Files.notExists(output));
    }

    @Test
    void badArgumentsPrintUsage() {
        assertEquals(ConvertTorchCheckpoint.USAGE, run("only-one-file.pt"));
        assertEquals(ConvertTorchCheckpoint.USAGE, run("--entry"));
        assertEquals(ConvertTorchCheckpoint.USAGE, run("--bogus", "a", "b"));
        assertTrue(text(err).contains("usage: ConvertTorchCheckpoint"), text(err));
    }

    private int run(String... args) {
        return ConvertTorchCheckpoint.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
