package org.clipfusion.tensor;

import static org.clipfusion.tensor.RawSafetensors.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files are refused on open, each with a message that names the file and the problem. */
class SafetensorsFileValidationTest {
    @TempDir
    Path dir;

    @Test
    void fileShorterThanTheLengthPrefix() throws IOException {
        Path file = Files.write(dir.resolve("tiny.safetensors"), new byte[5]);
        assertOpenFails(file, "file is only 5 bytes, shorter than the 8-byte header length");
        assertOpenFails(Files.write(dir.resolve("empty.safetensors"), new byte[0]), "file is only 0 bytes");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path file = RawSafetensors.writeWithLength(dir.resolve("cut.safetensors"), 1000, "{\"a\":".getBytes());
        assertOpenFails(file, "header length 1000 is larger than the 5 bytes after the length prefix (file size 13)");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path huge = RawSafetensors.writeWithLength(dir.resolve("huge.safetensors"), 1L << 40, new byte[16]);
        assertOpenFails(huge, "header length 1099511627776 (u64 little-endian at byte 0) is absurd");
        // All bits set reads as a negative long: it must still be reported as the unsigned u64 it is.
        Path allOnes = RawSafetensors.writeWithLength(dir.resolve("ones.safetensors"), -1L, new byte[16]);
        assertOpenFails(allOnes, "header length 18446744073709551615 (u64 little-endian at byte 0) is absurd");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("text.safetensors"), "hello, world", 0);
        assertOpenFails(file, "header is not valid JSON: unexpected 'h', expected a value at character 0");
        Path cut = RawSafetensors.write(dir.resolve("cut-json.safetensors"),
                "{" + entry("a", "F32", "[1]", 0, 4), 4);
        assertOpenFails(cut, "header is not valid JSON");
    }

    @Test
    void headerThatIsJsonButNotAnObject() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("array.safetensors"), "[1, 2]", 0);
        assertOpenFails(file, "header must be a JSON object, got the array [1, 2]");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[] header = {'{', '"', (byte) 0xFF, '"', ':', '1', '}', ' '};
        Path file = RawSafetensors.writeWithLength(dir.resolve("latin.safetensors"), header.length, header);
        assertOpenFails(file, "header is not valid UTF-8 (bad byte at header offset 2, file byte 10)");
    }

    @Test
    void entryWithoutDtypeShapeOrOffsets() throws IOException {
        Path noDtype = RawSafetensors.write(dir.resolve("no-dtype.safetensors"),
                "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        assertOpenFails(noDtype, "tensor 'w': header entry has no \"dtype\"");
        Path noShape = RawSafetensors.write(dir.resolve("no-shape.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4);
        assertOpenFails(noShape, "tensor 'w': header entry has no \"shape\"");
        Path noOffsets = RawSafetensors.write(dir.resolve("no-offsets.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4);
        assertOpenFails(noOffsets, "tensor 'w': header entry has no \"data_offsets\"");
        Path notAnObject = RawSafetensors.write(dir.resolve("not-object.safetensors"), "{\"w\":\"F32\"}", 0);
        assertOpenFails(notAnObject, "tensor 'w': header entry must be a JSON object");
    }

    @Test
    void malformedShapeAndOffsets() throws IOException {
        Path negative = RawSafetensors.write(dir.resolve("negative.safetensors"),
                "{" + entry("w", "F32", "[-1]", 0, 4) + "}", 4);
        assertOpenFails(negative, "tensor 'w': shape[0] must be a non-negative integer below 2^63, got -1");
        Path fraction = RawSafetensors.write(dir.resolve("fraction.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.5]}}", 8);
        assertOpenFails(fraction, "tensor 'w': data_offsets[1] must be a non-negative integer below 2^63, got 4.5");
        Path backwards = RawSafetensors.write(dir.resolve("backwards.safetensors"),
                "{" + entry("w", "F32", "[1]", 8, 4) + "}", 8);
        assertOpenFails(backwards, "tensor 'w': data_offsets must be [begin, end] with begin <= end, got [8, 4]");
    }

    @Test
    void unknownDtype() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("dtype.safetensors"), "{" + entry("w", "F12", "[2]", 0, 4) + "}", 4);
        assertOpenFails(file, "tensor 'w': unknown dtype \"F12\"");
    }

    @Test
    void recognisedButUnreadableDtypeOpensAndIsRefusedOnRead() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("u8.safetensors"), "{" + entry("mask", "U8", "[3]", 0, 3) + "}", 3);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(DType.U8, opened.info("mask").dtype());
            assertEquals(3, opened.map("mask").capacity());
            TensorFormatException error = assertThrows(TensorFormatException.class, () -> opened.readFloats("mask"));
            assertTrue(error.getMessage().contains("'mask'") && error.getMessage().contains("U8"), error.getMessage());
        }
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("mismatch.safetensors"),
                "{" + entry("w", "F32", "[2,3]", 0, 20) + "}", 24);
        assertOpenFails(file, "tensor 'w': data_offsets [0, 20] span 20 bytes but dtype F32 with shape [2, 3] needs "
                + "24 bytes (6 elements x 4)");
    }

    @Test
    void truncatedFile() throws IOException {
        String header = "{" + entry("a", "F16", "[2]", 0, 4) + "," + entry("b", "F32", "[4]", 4, 20) + "}";
        Path file = RawSafetensors.write(dir.resolve("truncated.safetensors"), header, 12);
        long dataStart = 8 + RawSafetensors.paddedHeader(header).length;
        assertOpenFails(file, "tensor 'b': truncated: tensor b needs bytes up to " + (dataStart + 20)
                + " but the file has " + (dataStart + 12));
    }

    @Test
    void overlappingTensors() throws IOException {
        String header = "{" + entry("first", "F32", "[4]", 0, 16) + "," + entry("second", "F32", "[4]", 8, 24)
                + "," + entry("empty", "F32", "[0]", 4, 4) + "}";
        Path file = RawSafetensors.write(dir.resolve("overlap.safetensors"), header, 24);
        assertOpenFails(file, "overlapping tensors: 'first' occupies data bytes [0, 16) and 'second' occupies [8, 24)");
    }

    @Test
    void duplicateTensorKey() throws IOException {
        String header = "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 4, 8) + "}";
        Path file = RawSafetensors.write(dir.resolve("duplicate.safetensors"), header, 8);
        assertOpenFails(file, "duplicate key \"w\"");
    }

    @Test
    void metadataThatIsNotStrings() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\",\"epoch\":3}," + entry("w", "F32", "[1]", 0, 4) + "}";
        Path file = RawSafetensors.write(dir.resolve("metadata.safetensors"), header, 4);
        assertOpenFails(file, "\"__metadata__\" entry \"epoch\" must be a string, got 3");
    }

    @Test
    void missingKeyIsNamedWithSuggestions() throws IOException {
        String header = "{" + entry("model.visual.proj", "F32", "[1]", 0, 4) + "," + entry("z", "F32", "[1]", 4, 8) + "}";
        Path file = RawSafetensors.write(dir.resolve("keys.safetensors"), header, 8);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            TensorFormatException error = assertThrows(TensorFormatException.class, () -> opened.readFloats("visual.proj"));
            assertEquals(file + ": tensor 'visual.proj': no such tensor in this file (it has 2 tensors; similar keys: "
                    + "model.visual.proj)", error.getMessage());
            assertEquals(Optional.of("visual.proj"), error.tensorKey());
            assertEquals(Optional.of(file), error.file());
            TensorFormatException other = assertThrows(TensorFormatException.class, () -> opened.info("nope"));
            assertTrue(other.getMessage().contains("tensor 'nope': no such tensor"), other.getMessage());
        }
    }

    @Test
    void expectedShapeMismatchNamesBothShapes() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("shape.safetensors"), "{" + entry("w", "F32", "[2,3]", 0, 24) + "}", 24);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            TensorFormatException error = assertThrows(TensorFormatException.class,
                    () -> opened.readFloats("w", 3, 2));
            assertEquals(file + ": tensor 'w': expected shape [3, 2] but the file has shape [2, 3] (F32)",
                    error.getMessage());
        }
    }

    @Test
    void gapsBetweenTensorsAndTrailingBytesAreTolerated() throws IOException {
        String header = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        Path file = RawSafetensors.write(dir.resolve("gaps.safetensors"), header, 20);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(2, opened.tensors().size());
            assertEquals(0.0f, opened.readFloats("b")[0]);
        }
    }

    @Test
    void headerMayBePaddedWithAnyJsonWhitespace() throws IOException {
        String header = "\n{" + entry("w", "F32", "[1]", 0, 4) + "}\t\r\n";
        Path file = RawSafetensors.write(dir.resolve("whitespace.safetensors"), header, 4);
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("}\t\r\n"));
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(1, opened.readFloats("w", 1).length);
        }
    }

    private static void assertOpenFails(Path file, String expectedMessagePart) {
        TensorFormatException error = assertThrows(TensorFormatException.class, () -> SafetensorsFile.open(file).close());
        String message = error.getMessage();
        assertTrue(message.startsWith(file.toString() + ": "), "message should name the file: " + message);
        assertTrue(message.contains(expectedMessagePart),
                "expected the message to contain\n  " + expectedMessagePart + "\nbut it was\n  " + message);
    }
}
