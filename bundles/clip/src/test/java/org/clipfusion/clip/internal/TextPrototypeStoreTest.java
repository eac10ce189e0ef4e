package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prototypes kept on disk: keyed by model and exact prompts, never read stale, recomputed when unreadable. */
class TextPrototypeStoreTest {
    private static final List<String> NORMAL = List.of("a photo of a flawless bottle", "a good bottle");
    private static final List<String> ANOMALOUS = List.of("a photo of a broken bottle");

    @TempDir
    Path directory;

    @Test
    void aStoredPairIsReadBackExactly() {
        TextPrototypeStore store = new TextPrototypeStore(directory, "abc");
        TextPrototypes.Pair pair = new TextPrototypes.Pair(new float[] {0.6f, 0.8f, 0f}, new float[] {0f, -1f, 0f});
        store.save(NORMAL, ANOMALOUS, pair);
        TextPrototypes.Pair read = store.load(NORMAL, ANOMALOUS, 3);
        assertArrayEquals(pair.normal(), read.normal());
        assertArrayEquals(pair.anomalous(), read.anomalous());
    }

    @Test
    void anotherModelOrPromptSetHasAnotherFile() {
        TextPrototypeStore store = new TextPrototypeStore(directory, "abc");
        store.save(NORMAL, ANOMALOUS, new TextPrototypes.Pair(new float[] {1}, new float[] {0}));
        assertNull(new TextPrototypeStore(directory, "abd").load(NORMAL, ANOMALOUS, 1));
        assertNull(store.load(NORMAL, List.of("a photo of a cracked bottle"), 1));
        // Moving a prompt from one list to the other is another prompt set, not the same concatenation.
        assertNotEquals(store.file(NORMAL, ANOMALOUS), store.file(NORMAL.subList(0, 1),
                List.of(NORMAL.get(1), ANOMALOUS.get(0))));
        assertNull(store.load(NORMAL, ANOMALOUS, 2), "another width is not this model's prototype");
    }

    @Test
    void aTruncatedFileIsIgnored() throws IOException {
        TextPrototypeStore store = new TextPrototypeStore(directory, "abc");
        store.save(NORMAL, ANOMALOUS, new TextPrototypes.Pair(new float[] {1, 0}, new float[] {0, 1}));
        Path file = store.file(NORMAL, ANOMALOUS);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertNull(store.load(NORMAL, ANOMALOUS, 2));
    }

    /** A restart with the same model and prompts reads the prototypes instead of running the text tower. */
    @Test
    void aRestartReadsWhatTheFirstRunComputed() throws IOException {
        PromptEnsemble prompts = new PromptEnsemble(PatchClipSettings.NORMAL_STATES,
                PatchClipSettings.ANOMALOUS_STATES, PatchClipSettings.TEMPLATES);
        TextPrototypes.Pair computed;
        try (OpenClipModel model = OpenClipModel.load(TinyPatchClip.modelDirectory())) {
            computed = new TextPrototypes(model, ClipTokenizer.load(), prompts,
                    new TextPrototypeStore(directory, "tiny")).of("bottle");
        }
        OpenClipModel closed = OpenClipModel.load(TinyPatchClip.modelDirectory());
        closed.close();
        TextPrototypes.Pair restarted = new TextPrototypes(closed, ClipTokenizer.load(), prompts,
                new TextPrototypeStore(directory, "tiny")).of("bottle");
        assertArrayEquals(computed.normal(), restarted.normal());
        assertArrayEquals(computed.anomalous(), restarted.anomalous());
        assertThrows(IllegalStateException.class, () -> new TextPrototypes(closed, ClipTokenizer.load(), prompts,
                new TextPrototypeStore(directory, "other")).of("bottle"));
    }
}
