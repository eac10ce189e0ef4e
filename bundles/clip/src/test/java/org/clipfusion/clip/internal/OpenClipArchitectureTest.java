package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ChecksumList;
import org.clipfusion.tensor.verify.Finding;
import org.clipfusion.tensor.verify.ModelVerifier;
import org.clipfusion.tensor.verify.TensorSpec;
import org.clipfusion.tensor.verify.VerificationReport;
import org.clipfusion.testing.SafetensorsCopies;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** model-verify's open_clip expectations: the parity model passes, damaged copies fail naming the problem. */
class OpenClipArchitectureTest {
    private final OpenClipArchitecture architecture = new OpenClipArchitecture();

    @TempDir
    Path temporary;

    @Test
    void theParityModelVerifies() throws IOException {
        Path fixture = SharedFixtures.paritySet("open_clip");
        assertTrue(architecture.recognizes(fixture));
        VerificationReport report = ModelVerifier.verify(fixture, architecture, ChecksumList.none());
        assertTrue(report.ok(), report.format());
        assertTrue(report.format().contains("model.safetensors: 62 tensors against config.json: OK"),
                report.format());
    }

    @Test
    void aRenamedKeyIsMissingUnderOneNameAndUnexpectedUnderTheOther() throws IOException {
        Path copy = copyOfFixture();
        SafetensorsCopies.renameKey(copy.resolve("model.safetensors"), "visual.ln_post.bias", "visual.ln_post.beta");
        List<String> findings = findings(copy);
        assertEquals(List.of(
                "missing key: model.safetensors: visual.ln_post.bias: expected F32/F16/BF16 [128]",
                "unexpected key: model.safetensors: visual.ln_post.beta: found F16 [128]"), findings);
    }

    @Test
    void aWrongShapeNamesExpectedAndFound() throws IOException {
        Path copy = copyOfFixture();
        SafetensorsCopies.setShape(copy.resolve("model.safetensors"), "visual.proj", 32, 128);
        assertEquals(List.of("wrong shape: model.safetensors: visual.proj: expected [128, 32], found [32, 128]"),
                findings(copy));
    }

    @Test
    void aTruncatedFileIsReportedAsSuch() throws IOException {
        Path copy = copyOfFixture();
        SafetensorsCopies.truncate(copy.resolve("model.safetensors"), 1000);
        List<String> findings = findings(copy);
        assertEquals(1, findings.size(), findings::toString);
        assertTrue(findings.get(0).startsWith("unreadable or truncated file: model.safetensors: "), findings.get(0));
        assertTrue(findings.get(0).contains("truncated"), findings.get(0));
    }

    @Test
    void aMissingConfigIsAnErrorNamingTheDirectory() throws IOException {
        Path empty = Files.createDirectories(temporary.resolve("empty"));
        assertFalse(architecture.recognizes(empty));
        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> architecture.expectedCheckpoints(empty));
        assertTrue(error.getMessage().contains("no open_clip model config"), error.getMessage());
    }

    @Test
    void theFullSizeConfigExpectsExactlyTheManifestTensors() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(SharedFixtures.shared(
                "fixtures/manifests/open_clip_ViT-B-16-plus-240.json").toFile());
        Path directory = Files.createDirectories(temporary.resolve("full"));
        Files.writeString(directory.resolve("config.json"), manifest.get("config").toString());
        CheckpointSpec spec = architecture.expectedCheckpoints(directory).get(0);
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (JsonNode tensor : manifest.get("tensors")) {
            long[] shape = new long[tensor.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = tensor.get("shape").get(d).longValue();
            }
            expected.put(tensor.get("name").asText(), shape);
        }
        assertEquals(expected.keySet(), spec.tensors().keySet());
        for (TensorSpec tensor : spec.tensors().values()) {
            assertArrayEquals(expected.get(tensor.name()), tensor.shape(), tensor.name());
        }
    }

    private Path copyOfFixture() throws IOException {
        return SafetensorsCopies.copyDirectory(SharedFixtures.paritySet("open_clip"), temporary.resolve("copy"));
    }

    private List<String> findings(Path directory) throws IOException {
        VerificationReport report = ModelVerifier.verify(directory, architecture, ChecksumList.none());
        assertFalse(report.ok());
        return report.findings().stream().map(Finding::toString).toList();
    }
}
