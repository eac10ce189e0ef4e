package org.clipfusion.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.junit.jupiter.api.Test;

class ArchitectureChoiceTest {
    private final Path directory = Path.of("/models/sd15");
    private final ModelArchitecture recognising = architecture("stable-diffusion", true);
    private final ModelArchitecture other = architecture("open_clip", false);

    @Test
    void theOneThatRecognisesTheDirectoryIsChosen() {
        assertSame(recognising, ArchitectureChoice.choose(List.of(other, recognising), null, directory));
    }

    @Test
    void aNamedArchitectureWinsEvenWhenItDoesNotRecogniseTheDirectory() {
        assertSame(other, ArchitectureChoice.choose(List.of(other, recognising), "open_clip", directory));
    }

    @Test
    void noneUnknownOrSeveralAreErrorsListingWhatIsRegistered() {
        String none = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureChoice.choose(List.of(other), null, directory)).getMessage();
        assertEquals("no registered architecture recognises /models/sd15 by its config files (registered: "
                + "open_clip); name one with --architecture", none);
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureChoice.choose(List.of(other), "sdxl", directory)).getMessage();
        assertEquals("unknown architecture 'sdxl'; registered: open_clip", unknown);
        String several = assertThrows(IllegalArgumentException.class, () -> ArchitectureChoice.choose(
                List.of(recognising, architecture("unet-2d-condition", true)), null, directory)).getMessage();
        assertTrue(several.contains("looks like stable-diffusion, unet-2d-condition"), several);
        String empty = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureChoice.choose(List.of(), null, directory)).getMessage();
        assertTrue(empty.contains("are the clip and diffusion bundles started?"), empty);
    }

    private static ModelArchitecture architecture(String id, boolean recognizes) {
        return new ModelArchitecture() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return id;
            }

            @Override
            public boolean recognizes(Path directory) {
                return recognizes;
            }

            @Override
            public List<CheckpointSpec> expectedCheckpoints(Path directory) {
                return List.of();
            }
        };
    }
}
