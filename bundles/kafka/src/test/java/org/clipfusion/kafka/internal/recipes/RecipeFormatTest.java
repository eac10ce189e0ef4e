package org.clipfusion.kafka.internal.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeFormatTest {
    // SHA-256 of "abc" and of "def", as published (FIPS 180-2 example for "abc").
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String DEF = "cb8379ac2098aa165029e3938a51da0bcecfc008fd6795f401178647f96c5b34";
    private static final String ABCDEF = "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721";

    @Test
    void aManifestReadsBackAsItWasWritten() throws IOException {
        TreeMap<String, Object> definition = new TreeMap<>();
        definition.put("name", "hazelnut");
        definition.put("scorers", List.of("patchclip", "mapdiff"));
        definition.put("threshold", "0.4");
        RecipeManifest.Fit fit = new RecipeManifest.Fit("format=1\n".getBytes(StandardCharsets.UTF_8),
                List.of(new RecipeManifest.BankFile("patchclip.bank", ABCDEF, 6, List.of(ABC, DEF))));
        RecipeManifest manifest = new RecipeManifest("hazelnut", 3, "0123456789abcdef", "node-a",
                Instant.parse("2026-12-07T05:00:00Z"), definition, fit);

        RecipeManifest read = RecipeFormat.read(RecipeFormat.write(manifest));

        assertEquals(manifest.category(), read.category());
        assertEquals(3, read.version());
        assertEquals(manifest.digest(), read.digest());
        assertEquals("node-a", read.origin());
        assertEquals(manifest.publishedAt(), read.publishedAt());
        assertEquals(definition, read.definition());
        assertArrayEquals(fit.record(), read.fit().record());
        assertEquals(fit.files(), read.fit().files());
        assertEquals("3 (0123456789ab)", read.label());
    }

    @Test
    void aBankFileNameThatWouldLeaveItsFolderIsRefused() {
        String json = "{\"format\":\"clipfusion.recipe/1\",\"category\":\"c\",\"version\":1,\"digest\":\"d\","
                + "\"origin\":\"o\",\"publishedAt\":\"2026-12-07T05:00:00Z\",\"definition\":{},\"fit\":{\"record\":"
                + "\"\",\"files\":[{\"name\":\"../../etc/x.bank\",\"sha256\":\"s\",\"size\":0,\"chunks\":[]}]}}";
        IOException e = assertThrows(IOException.class,
                () -> RecipeFormat.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a plain *.bank name"), e.getMessage());
    }

    @Test
    void chunksAreKeptOnlyUnderTheirOwnChecksumAndABankIsCheckedWhole(@TempDir Path folder) throws IOException {
        ChunkStore chunks = new ChunkStore(folder);
        assertFalse(chunks.put(DEF, "abc".getBytes(StandardCharsets.UTF_8)));
        assertFalse(chunks.has(DEF));
        assertTrue(chunks.put(ABC, "abc".getBytes(StandardCharsets.UTF_8)));
        assertTrue(chunks.put(DEF, "def".getBytes(StandardCharsets.UTF_8)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.assemble(new RecipeManifest.BankFile("b.bank", ABCDEF, 6, List.of(ABC, DEF)), out);
        assertEquals("abcdef", out.toString(StandardCharsets.UTF_8));

        IOException wrongOrder = assertThrows(IOException.class, () -> chunks.assemble(
                new RecipeManifest.BankFile("b.bank", ABCDEF, 6, List.of(DEF, ABC)), new ByteArrayOutputStream()));
        assertTrue(wrongOrder.getMessage().contains("its manifest says " + ABCDEF), wrongOrder.getMessage());
    }

    @Test
    void theDigestDependsOnDefinitionFitAndBanksAlike() {
        TreeMap<String, Object> definition = new TreeMap<>(Map.of("name", "c", "threshold", "0.4"));
        byte[] record = "format=1\n".getBytes(StandardCharsets.UTF_8);
        String digest = LocalRecipe.digestOf(definition, record, Map.of("p.bank", ABC));
        assertEquals(digest, LocalRecipe.digestOf(new TreeMap<>(definition), record.clone(),
                Map.of("p.bank", ABC)));
        TreeMap<String, Object> changed = new TreeMap<>(definition);
        changed.put("threshold", "0.5");
        assertFalse(digest.equals(LocalRecipe.digestOf(changed, record, Map.of("p.bank", ABC))));
        assertFalse(digest.equals(LocalRecipe.digestOf(definition, record, Map.of("p.bank", DEF))));
        assertFalse(digest.equals(LocalRecipe.digestOf(definition, null, Map.of())));
    }
}
