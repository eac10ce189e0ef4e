package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

/** The bundled vocabulary and its licence are packaged; unusable vocabularies fail with a clear message. */
class VocabularyLoadTest {
    @Test
    void bundledVocabularyAndLicenceAreResourcesNextToTheClass() throws IOException {
        try (InputStream vocabulary = ClipTokenizer.class.getResourceAsStream(ClipTokenizer.VOCABULARY_RESOURCE);
                InputStream licence = ClipTokenizer.class.getResourceAsStream("LICENSE-openai-clip-bpe.txt")) {
            assertNotNull(vocabulary, "vocabulary resource");
            assertNotNull(licence, "licence notice resource");
            String notice = new String(licence.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(notice.contains("Copyright (c) 2021 OpenAI"), notice);
        }
    }

    @Test
    void vocabularyLayout() {
        ClipTokenizer tokenizer = TestTokenizer.INSTANCE;
        assertEquals("!", tokenizer.token(0));
        assertEquals("!</w>", tokenizer.token(256));
        assertEquals("in", tokenizer.token(512)); // the first merge, "i n"
        assertEquals("<|startoftext|>", tokenizer.token(49406));
        assertEquals("<|endoftext|>", tokenizer.token(49407));
    }

    @Test
    void loadingFromAStreamGivesTheSameIds() throws IOException {
        try (InputStream merges = Files.newInputStream(SharedFixtures.shared("fixtures/tokenizer/bpe_simple_vocab_16e6.txt.gz"))) {
            ClipTokenizer fromStream = ClipTokenizer.load(merges);
            assertEquals(TestTokenizer.INSTANCE.encode("a jpeg corrupted photo"), fromStream.encode("a jpeg corrupted photo"));
        }
    }

    @Test
    void notGzip() {
        VocabularyLoadException e = assertThrows(VocabularyLoadException.class,
                () -> ClipTokenizer.load(new ByteArrayInputStream("i n\nt h\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("cannot read the gzipped merges file"), e.getMessage());
    }

    @Test
    void tooFewMerges() throws IOException {
        VocabularyLoadException e = assertThrows(VocabularyLoadException.class,
                () -> ClipTokenizer.load(gzip("#version: 0.2\ni n\nt h\n")));
        assertTrue(e.getMessage().contains("ends after 2 merges"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        VocabularyLoadException e = assertThrows(VocabularyLoadException.class, () -> ClipTokenizer.load(gzip("")));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void malformedMergeLine() throws IOException {
        VocabularyLoadException e = assertThrows(VocabularyLoadException.class,
                () -> ClipTokenizer.load(gzip("#version: 0.2\ni n\nthree parts here\n")));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void nullStream() {
        assertThrows(IllegalArgumentException.class, () -> ClipTokenizer.load(null));
    }

    private static InputStream gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
