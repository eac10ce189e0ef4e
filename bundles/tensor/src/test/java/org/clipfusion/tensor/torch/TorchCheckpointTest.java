package org.clipfusion.tensor.torch;

import static org.clipfusion.tensor.torch.TorchFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.clipfusion.tensor.TensorFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading torch.save files safely: plain data comes through, code and damaged files are refused clearly. */
class TorchCheckpointTest {
    @TempDir
    Path temporary;

    @Test
    void plainDataAroundTheStateDictIsRead() throws IOException {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(fixture("open_clip_style.pt"))) {
            Map<?, ?> root = (Map<?, ?>) checkpoint.root();
            assertEquals(31L, root.get("epoch"));
            assertEquals("ViT-B-16-plus-240 laion400m – tiny", root.get("name"), "UTF-8 text");
            assertEquals(BigInteger.TWO.pow(70), root.get("big_number"));
            assertEquals(-123456L, root.get("negative"));
            assertEquals(Arrays.asList(true, false, null), root.get("flags"));
            assertEquals(Map.of("nested", List.of(1L, 2.5, "x")), root.get("params"));
            Map<?, ?> groups = (Map<?, ?>) ((List<?>) ((Map<?, ?>) root.get("optimizer")).get("param_groups")).get(0);
            assertEquals(1e-3, groups.get("lr"));
            assertEquals(List.of(0.9, 0.98), groups.get("betas"));
            assertEquals(5, checkpoint.stateDict().size(), "the state_dict entry is found by itself");
        }
    }

    @Test
    void aGlobalOutsideTheAllowListIsRefusedByName() {
        TensorFormatException error = assertThrows(TensorFormatException.class,
                () -> TorchCheckpoint.open(fixture("forbidden_global.pt")));
        assertTrue(error.getMessage().contains("refusing global 'posix.system'"), error.getMessage());
        assertTrue(error.getMessage().contains("forbidden_global.pt"), error.getMessage());
    }

    @Test
    void theLegacyFormatIsRefusedWithWhatToDo() {
        TensorFormatException error = assertThrows(TensorFormatException.class,
                () -> TorchCheckpoint.open(fixture("legacy_format.pt")));
        assertTrue(error.getMessage().contains("legacy (pre-1.6)"), error.getMessage());
        assertTrue(error.getMessage().contains("re-save"), error.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("flat_state_dict.pt"));
        Path truncated = Files.write(temporary.resolve("truncated.pt"), Arrays.copyOf(whole, whole.length / 2));
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchCheckpoint.open(truncated));
        assertTrue(error.getMessage().startsWith(truncated.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void somethingElseIsRefused() throws IOException {
        Path text = Files.writeString(temporary.resolve("notes.pt"), "not a checkpoint");
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchCheckpoint.open(text));
        assertTrue(error.getMessage().contains("not a PyTorch zip checkpoint"), error.getMessage());
    }

    @Test
    void aTruncatedPickleIsRefused() throws IOException {
        Path damaged = rewritten("flat_state_dict.pt", "flat_state_dict/data.pkl",
                bytes -> Arrays.copyOf(bytes, bytes.length - 40));
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> TorchCheckpoint.open(damaged));
        assertTrue(error.getMessage().contains("data.pkl"), error.getMessage());
        assertTrue(error.getMessage().contains("truncated") || error.getMessage().contains("malformed"),
                error.getMessage());
    }

    @Test
    void aStorageShorterThanDeclaredIsRefusedWhenRead() throws IOException {
        Path damaged = rewritten("parameters.pt", "parameters/data/0", bytes -> Arrays.copyOf(bytes, 4));
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(damaged)) {
            TorchTensor weight = checkpoint.stateDict().get("weight");
            TensorFormatException error = assertThrows(TensorFormatException.class,
                    () -> checkpoint.writeContiguous(weight, java.nio.channels.Channels.newChannel(
                            OutputStream.nullOutputStream())));
            assertTrue(error.getMessage().contains("holds 4 bytes but is declared as 4 x F32"), error.getMessage());
        }
    }

    @Test
    void viewsDescribeTheirPlaceInTheStorage() throws IOException {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(fixture("flat_state_dict.pt"))) {
            Map<String, TorchTensor> tensors = checkpoint.stateDict();
            TorchTensor column = tensors.get("big.column_1");
            assertEquals(1, column.storageOffset());
            assertArrayEquals(new long[] {2}, column.stride());
            assertArrayEquals(new long[] {0, 1}, tensors.get("expanded").stride());
            assertArrayEquals(new long[0], tensors.get("logit_scale").shape());
            assertEquals(0, tensors.get("empty").elementCount());
        }
    }

    /** A copy of fixture {@code name} with entry {@code entryName}'s bytes changed (stored, like torch writes). */
    private Path rewritten(String name, String entryName, UnaryOperator<byte[]> change) throws IOException {
        Path copy = temporary.resolve("damaged-" + name);
        try (ZipFile source = new ZipFile(fixture(name).toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : source.stream().toList()) {
                byte[] bytes;
                try (InputStream in = source.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().equals(entryName)) {
                    bytes = change.apply(bytes);
                }
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(bytes);
                out.closeEntry();
            }
        }
        assertTrue(new String(Files.readAllBytes(copy), 0, 2, StandardCharsets.US_ASCII).equals("PK"));
        return copy;
    }
}
