package org.clipfusion.diffusion.architecture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ChecksumList;
import org.clipfusion.tensor.verify.Finding;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.clipfusion.tensor.verify.ModelVerifier;
import org.clipfusion.tensor.verify.TensorSpec;
import org.clipfusion.tensor.verify.VerificationReport;
import org.clipfusion.testing.SafetensorsCopies;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** model-verify's diffusers expectations: the parity parts and a pipeline of them pass, damaged copies fail. */
class DiffusersArchitecturesTest {
    private final ModelArchitecture textEncoder = new TextEncoderArchitecture();
    private final ModelArchitecture vae = new VaeArchitecture();
    private final ModelArchitecture unet = new UNetModelArchitecture();
    private final ModelArchitecture pipeline = new StableDiffusionArchitecture();

    @TempDir
    Path temporary;

    @Test
    void everyParityPartIsRecognisedByItsOwnArchitectureOnlyAndVerifies() throws IOException {
        Map<String, ModelArchitecture> parts = Map.of("text_encoder", textEncoder, "vae", vae, "unet", unet);
        for (Map.Entry<String, ModelArchitecture> part : parts.entrySet()) {
            Path fixture = SharedFixtures.paritySet(part.getKey());
            for (ModelArchitecture other : List.of(textEncoder, vae, unet, pipeline)) {
                assertEquals(other == part.getValue(), other.recognizes(fixture), other.id() + " on " + fixture);
            }
            VerificationReport report = ModelVerifier.verify(fixture, part.getValue(), ChecksumList.none());
            assertTrue(report.ok(), report.format());
        }
    }

    @Test
    void aPipelineOfTheParityPartsVerifies() throws IOException {
        Path directory = pipelineCopy();
        assertTrue(pipeline.recognizes(directory));
        VerificationReport report = ModelVerifier.verify(directory, pipeline, ChecksumList.none());
        assertTrue(report.ok(), report.format());
        assertEquals(List.of("text_encoder/model.safetensors", "vae/diffusion_pytorch_model.safetensors",
                "unet/diffusion_pytorch_model.safetensors"), report.files().stream().map(f -> f.file()).toList());
        assertTrue(report.format().contains("against unet/config.json: OK"), report.format());
    }

    @Test
    void theParityDirectoryItselfIsAPipeline() throws IOException {
        Path parity = SharedFixtures.parityDirectory();
        assertTrue(pipeline.recognizes(parity));
        assertTrue(ModelVerifier.verify(parity, pipeline, ChecksumList.none()).ok());
    }

    @Test
    void theVaeWithPre014AttentionNamesVerifies() throws IOException {
        Path copy = SafetensorsCopies.copyDirectory(SharedFixtures.paritySet("vae"), temporary.resolve("vae"));
        Files.move(copy.resolve("diffusion_pytorch_model.legacy_attn_names.safetensors"),
                copy.resolve("diffusion_pytorch_model.safetensors"), StandardCopyOption.REPLACE_EXISTING);
        VerificationReport report = ModelVerifier.verify(copy, vae, ChecksumList.none());
        assertTrue(report.ok(), report.format());
    }

    @Test
    void damagedPartsOfAPipelineAreEachReportedPrecisely() throws IOException {
        Path directory = pipelineCopy();
        SafetensorsCopies.renameKey(directory.resolve("unet/diffusion_pytorch_model.safetensors"),
                "conv_in.weight", "conv_input.weight");
        SafetensorsCopies.setShape(directory.resolve("vae/diffusion_pytorch_model.safetensors"),
                "quant_conv.weight", 64, 1, 1, 1);
        SafetensorsCopies.truncate(directory.resolve("text_encoder/model.safetensors"), 64);
        VerificationReport report = ModelVerifier.verify(directory, pipeline, ChecksumList.none());
        List<String> findings = report.findings().stream().map(Finding::toString).toList();
        assertEquals(4, findings.size(), findings::toString);
        assertTrue(findings.get(0).startsWith("unreadable or truncated file: text_encoder/model.safetensors: "),
                findings.get(0));
        assertEquals("missing key: unet/diffusion_pytorch_model.safetensors: conv_in.weight: expected "
                + "F32/F16/BF16 [32, 4, 3, 3]", findings.get(2));
        assertEquals("unexpected key: unet/diffusion_pytorch_model.safetensors: conv_input.weight: found F16 "
                + "[32, 4, 3, 3]", findings.get(3));
        assertEquals("wrong shape: vae/diffusion_pytorch_model.safetensors: quant_conv.weight: expected "
                + "[8, 8, 1, 1], found [64, 1, 1, 1]", findings.get(1));
        assertTrue(report.summary().contains("1 unreadable or truncated file, 1 missing key, 1 unexpected key, 1 wrong shape"),
                report.summary());
    }

    @Test
    void partsOfDifferentModelsAreRefusedNamingTheMismatch() throws IOException {
        Path directory = pipelineCopy();
        Path unetConfig = directory.resolve("unet/config.json");
        Files.writeString(unetConfig, Files.readString(unetConfig).replace("\"cross_attention_dim\": 32",
                "\"cross_attention_dim\": 64"));
        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> ModelVerifier.verify(directory, pipeline, ChecksumList.none()));
        assertTrue(error.getMessage().contains("the text encoder gives 32-wide states but the UNet's cross-attention "
                + "takes 64"), error.getMessage());
    }

    @Test
    void aMissingPartIsAMissingFile() throws IOException {
        Path directory = pipelineCopy();
        Files.delete(directory.resolve("unet/diffusion_pytorch_model.safetensors"));
        VerificationReport report = ModelVerifier.verify(directory, pipeline, ChecksumList.none());
        assertEquals("missing file: unet/diffusion_pytorch_model.safetensors: none of "
                + "[unet/diffusion_pytorch_model.safetensors] exists", report.findings().get(0).toString());
    }

    @Test
    void fullSizeConfigsExpectExactlyTheManifestTensors() throws IOException {
        assertManifest(textEncoder, "transformers_CLIPTextModel_sd15.json", "config");
        assertManifest(vae, "diffusers_AutoencoderKL_sd15.json", "config_as_on_hub");
        assertManifest(unet, "diffusers_UNet2DConditionModel_sd15.json", "config_as_on_hub");
        assertManifest(unet, "diffusers_UNet2DConditionModel_sd21base.json", "config_as_on_hub");
    }

    private void assertManifest(ModelArchitecture architecture, String name, String configField) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(SharedFixtures.shared("fixtures/manifests/" + name).toFile());
        Path directory = Files.createDirectories(temporary.resolve(name));
        Files.writeString(directory.resolve("config.json"), manifest.get(configField).toString());
        assertTrue(architecture.recognizes(directory), name);
        CheckpointSpec spec = architecture.expectedCheckpoints(directory).get(0);
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (JsonNode tensor : manifest.get("tensors")) {
            long[] shape = new long[tensor.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.get("shape").get(d).longValue();
            }
            expected.put(tensor.get("name").asText(), shape);
        }
        TreeSet<String> required = new TreeSet<>();
        spec.tensors().values().stream().filter(t -> !t.optional()).forEach(t -> required.add(t.name()));
        assertEquals(new TreeSet<>(expected.keySet()), required, name);
        for (TensorSpec tensor : spec.tensors().values()) {
            if (!tensor.optional()) {
                assertArrayEquals(expected.get(tensor.name()), tensor.shape(), name + " " + tensor.name());
            }
        }
    }

    private Path pipelineCopy() throws IOException {
        Path directory = temporary.resolve("sd");
        for (String part : List.of("text_encoder", "vae", "unet", "scheduler")) {
            SafetensorsCopies.copyDirectory(SharedFixtures.paritySet(part), directory.resolve(part));
        }
        assertFalse(Files.exists(directory.resolve("model_index.json")));
        return directory;
    }
}
