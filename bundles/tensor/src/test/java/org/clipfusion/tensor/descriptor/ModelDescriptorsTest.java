package org.clipfusion.tensor.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.clipfusion.tensor.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptors shipped in {@code models/} read, and say what models/fetch and the loaders need. */
class ModelDescriptorsTest {
    /** The architecture ids the clip and diffusion bundles register. */
    private static final Set<String> ARCHITECTURES = Set.of("open_clip", "stable-diffusion");

    @TempDir
    Path temporary;

    @Test
    void everyShippedDescriptorReadsAndIsComplete() throws IOException {
        List<ModelDescriptor> descriptors = new ArrayList<>();
        for (Path file : descriptorFiles()) {
            descriptors.add(ModelDescriptorReader.read(file));
        }
        assertEquals(5, descriptors.size());
        Set<String> ids = new HashSet<>();
        for (ModelDescriptor descriptor : descriptors) {
            assertTrue(ids.add(descriptor.id()), "duplicate id " + descriptor.id());
            assertTrue(ARCHITECTURES.contains(descriptor.architecture()), descriptor.architecture());
            for (String manifest : descriptor.manifests().values()) {
                assertTrue(Files.isRegularFile(modelsDirectory().resolve(manifest)), manifest);
            }
            List<String> paths = descriptor.files().stream().map(ModelFile::path).toList();
            if (descriptor.architecture().equals("open_clip")) {
                assertTrue(paths.containsAll(List.of("config.json", "model.safetensors")), paths::toString);
            } else {
                for (String part : List.of("text_encoder", "vae", "unet")) {
                    assertTrue(paths.contains(part + "/config.json"), part);
                }
                assertTrue(paths.contains("scheduler/scheduler_config.json"));
            }
        }
    }

    @Test
    void publishedChecksumsComeWithTheirSizeAndWhereTheyWerePublished() throws IOException {
        for (Path file : descriptorFiles()) {
            for (ModelFile modelFile : ModelDescriptorReader.read(file).files()) {
                for (FileSource source : modelFile.sources()) {
                    if (source.sha256() != null) {
                        assertTrue(source.size().isPresent(), source.url());
                        assertTrue(source.checksumSource() != null, source.url());
                    }
                }
            }
        }
        ModelDescriptor sd15 = read("stable-diffusion-v1-5.json");
        FileSource unet = sd15.files().stream().filter(f -> f.path().equals("unet/diffusion_pytorch_model.safetensors"))
                .findFirst().orElseThrow().sources().get(0);
        assertEquals("d27cd69d4a0aa32105087a619f32a51bc087e133be93fe23da92f3c0bcc07d79", unet.sha256());
        assertEquals(3438167536L, unet.size().getAsLong());
    }

    @Test
    void thePlanListsSourcesInOrderAndWritesInlineConfigs() throws IOException {
        Path descriptor = modelsDirectory().resolve("open_clip-vit-b-16-plus-240-laion400m_e31.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, FetchPlanCommand.run(new String[] {"sources", descriptor.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("model.safetensors\tno\thttps://huggingface.co/timm/"
                + "vit_base_patch16_plus_clip_240.laion400m_e31/resolve/main/open_clip_model.safetensors\tsafetensors"),
                lines.get(0));
        assertTrue(lines.get(2).endsWith("\ttorch\t-\t-\t8fb26589\t-\tmodule."), lines.get(2));

        assertEquals(0, FetchPlanCommand.run(new String[] {"write-inline", descriptor.toString(),
                temporary.toString()}, System.out, System.err));
        String config = Files.readString(temporary.resolve("config.json"));
        assertTrue(config.contains("\"embed_dim\": 640"), config);
        assertTrue(Files.isRegularFile(temporary.resolve("preprocess_cfg.json")));
    }

    @Test
    void aMalformedDescriptorIsRefusedNamingTheField() throws IOException {
        Path bad = Files.writeString(temporary.resolve("bad.json"), "{\"id\": \"x\", \"architecture\": \"open_clip\", "
                + "\"directory\": \"../escape\", \"files\": []}");
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> ModelDescriptorReader.read(bad));
        assertTrue(error.getMessage().contains("directory must be a relative path inside the model directory"),
                error.getMessage());
        Path badSha = Files.writeString(temporary.resolve("sha.json"), "{\"id\": \"x\", \"architecture\": \"a\", "
                + "\"directory\": \"d\", \"files\": [{\"path\": \"m\", \"sources\": [{\"url\": \"https://h/m\", "
                + "\"sha256\": \"XYZ\"}]}]}");
        error = assertThrows(TensorFormatException.class, () -> ModelDescriptorReader.read(badSha));
        assertTrue(error.getMessage().contains("files[0].sources[0].sha256 must be lower-case hex"), error.getMessage());
    }

    private static ModelDescriptor read(String name) throws IOException {
        return ModelDescriptorReader.read(modelsDirectory().resolve(name));
    }

    private static List<Path> descriptorFiles() throws IOException {
        try (Stream<Path> files = Files.list(modelsDirectory())) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The repository's {@code models/}, found from the module directory the tests run in. */
    static Path modelsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("models/fetch"))) {
                return dir.resolve("models");
            }
        }
        throw new IllegalStateException("models/ with its fetch script was not found above " + Path.of("")
                .toAbsolutePath());
    }
}
