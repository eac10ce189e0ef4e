package org.clipfusion.tensor.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison itself, on small files written here; the model families' own specs are tested in their bundles. */
class ModelVerifierTest {
    @TempDir
    Path dir;

    private final CheckpointSpec spec = new CheckpointSpec(List.of("model.safetensors", "model.fp16.safetensors"),
            "config.json", Map.of(
                    "proj.weight", TensorSpec.parameter("proj.weight", 3, 2),
                    "attn.to_q.weight", TensorSpec.parameter("attn.to_q.weight", 2, 2),
                    "logit_scale", TensorSpec.parameter("logit_scale").orShape(1),
                    "position_ids", TensorSpec.parameter("position_ids", 1, 4).optionalAnyDtype()),
            Map.of("attn.query.weight", "attn.to_q.weight"), "module.");

    private final ModelArchitecture architecture = new ModelArchitecture() {
        @Override
        public String id() {
            return "tiny";
        }

        @Override
        public String description() {
            return "a test architecture";
        }

        @Override
        public boolean recognizes(Path directory) {
            return true;
        }

        @Override
        public List<CheckpointSpec> expectedCheckpoints(Path directory) {
            return List.of(spec);
        }
    };

    @Test
    void aCompleteFileIsOkWithLegacyNamesPrefixesAndOptionalBuffers() throws IOException {
        new SafetensorsWriter()
                .addFloats("module.proj.weight", DType.F16, new long[] {3, 2}, new float[6])
                .addFloats("module.attn.query.weight", DType.BF16, new long[] {2, 2}, new float[4])
                .addFloats("module.logit_scale", DType.F32, new long[] {1}, new float[1])
                .addLongs("module.position_ids", new long[] {1, 4}, new long[4])
                .writeTo(dir.resolve("model.fp16.safetensors"));
        VerificationReport report = ModelVerifier.verify(dir, architecture, ChecksumList.none());
        assertTrue(report.ok(), report.format());
        assertTrue(report.format().contains("model.fp16.safetensors: 4 tensors against config.json: OK"),
                report.format());
    }

    @Test
    void everyKindOfDifferenceIsReportedAtOnce() throws IOException {
        new SafetensorsWriter()
                .addFloats("proj.weight", DType.F32, new long[] {2, 3}, new float[6])
                .addLongs("attn.to_q.weight", new long[] {2, 2}, new long[4])
                .addFloats("attn.query.weight", DType.F32, new long[] {2, 2}, new float[4])
                .addFloats("logit_scal", DType.F32, new long[0], new float[1])
                .writeTo(dir.resolve("model.safetensors"));
        VerificationReport report = ModelVerifier.verify(dir, architecture, ChecksumList.none());
        assertFalse(report.ok());
        List<String> lines = report.findings().stream().map(Finding::toString).toList();
        assertEquals(List.of(
                "missing key: model.safetensors: logit_scale: expected F32/F16/BF16 [] or [1]",
                "unexpected key: model.safetensors: attn.query.weight: found F32 [2, 2]",
                "unexpected key: model.safetensors: logit_scal: found F32 []",
                "wrong shape: model.safetensors: proj.weight: expected [3, 2], found [2, 3]",
                "wrong dtype: model.safetensors: attn.to_q.weight: expected F32/F16/BF16, found I64"),
                lines.stream().sorted(this::byKindOrder).toList());
        assertTrue(report.summary().contains("1 missing key, 2 unexpected key, 1 wrong shape, 1 wrong dtype"),
                report.summary());
    }

    @Test
    void missingTruncatedAndMismatchedFilesAreFindings() throws IOException {
        VerificationReport empty = ModelVerifier.verify(dir, architecture, ChecksumList.none());
        assertEquals("missing file: model.safetensors | model.fp16.safetensors: none of [model.safetensors, "
                + "model.fp16.safetensors] exists", empty.findings().get(0).toString());

        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter().addFloats("proj.weight", DType.F32, new long[] {3, 2}, new float[6]).writeTo(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        Files.writeString(dir.resolve("other.bin"), "x");
        ChecksumList checksums = new ChecksumList("test", Map.of("other.bin", Sha256.of("y"), "gone.bin",
                Sha256.of("z")));
        VerificationReport report = ModelVerifier.verify(dir, architecture, checksums);
        List<Finding> findings = report.findings();
        assertEquals(Finding.Kind.UNREADABLE_FILE, findings.get(0).kind());
        assertTrue(findings.get(0).detail().contains("truncated"), findings.get(0).detail());
        assertTrue(findings.stream().anyMatch(f -> f.kind() == Finding.Kind.CHECKSUM_MISMATCH
                && f.file().equals("other.bin") && f.detail().contains("found " + Sha256.of("x"))));
        assertTrue(findings.stream().anyMatch(f -> f.kind() == Finding.Kind.MISSING_FILE
                && f.file().equals("gone.bin")));
    }

    @Test
    void checksumListsReadTheSha256sumFormat() throws IOException {
        String digest = Sha256.of("x");
        Path list = Files.writeString(dir.resolve(ChecksumList.FILE_NAME), "# fetched\n" + digest
                + "  unet/diffusion_pytorch_model.safetensors\n" + digest.toUpperCase() + " *vae/config.json\n");
        assertEquals(Map.of("unet/diffusion_pytorch_model.safetensors", digest, "vae/config.json", digest),
                ChecksumList.read(list).sha256ByFile());
        Files.writeString(list, "not a digest line\n");
        IOException error = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ChecksumList.inDirectory(dir));
        assertTrue(error.getMessage().contains("line 1"), error.getMessage());
    }

    private int byKindOrder(String a, String b) {
        return Integer.compare(kindIndex(a), kindIndex(b)) != 0 ? Integer.compare(kindIndex(a), kindIndex(b))
                : a.compareTo(b);
    }

    private static int kindIndex(String line) {
        for (Finding.Kind kind : Finding.Kind.values()) {
            if (line.startsWith(kind.label() + ":")) {
                return kind.ordinal();
            }
        }
        return -1;
    }
}
