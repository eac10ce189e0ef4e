package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.tensor.descriptor.ModelDescriptor;
import org.clipfusion.tensor.descriptor.ModelDescriptorReader;
import org.clipfusion.tensor.descriptor.ModelFile;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The open_clip configs the descriptors in {@code models/} write are ones this bundle loads, of the right size. */
class OpenClipDescriptorsTest {
    @TempDir
    Path temporary;

    @Test
    void everyOpenClipDescriptorWritesALoadableConfig() throws IOException {
        assertEquals(302, expectedTensors("open_clip-vit-b-16-plus-240-laion400m_e31.json").tensors().size(),
                "the manifest's tensor count");
        CheckpointSpec vitB16 = expectedTensors("openai-clip-vit-b-16.json");
        assertEquals(List.of(768L, 3L, 16L, 16L), boxed(vitB16.tensors().get("visual.conv1.weight").shape()));
        CheckpointSpec vitL14 = expectedTensors("openai-clip-vit-l-14.json");
        assertEquals(List.of(1024L, 768L), boxed(vitL14.tensors().get("visual.proj").shape()));
        assertTrue(OpenClipConfig.read(temporary.resolve("openai-clip-vit-l-14.json/config.json")).quickGelu());
    }

    private CheckpointSpec expectedTensors(String descriptorName) throws IOException {
        ModelDescriptor descriptor = ModelDescriptorReader.read(modelsDirectory().resolve(descriptorName));
        Path directory = Files.createDirectories(temporary.resolve(descriptorName));
        for (ModelFile file : descriptor.files()) {
            if (file.content() != null) {
                Files.writeString(directory.resolve(file.path()), file.content());
            }
        }
        return new OpenClipArchitecture().expectedCheckpoints(directory).get(0);
    }

    private static List<Long> boxed(long[] shape) {
        return java.util.Arrays.stream(shape).boxed().toList();
    }

    private static Path modelsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("models/fetch"))) {
                return dir.resolve("models");
            }
        }
        throw new IllegalStateException("models/ was not found above " + Path.of("").toAbsolutePath());
    }
}
