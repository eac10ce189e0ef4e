package org.clipfusion.diffusion.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.clipfusion.diffusion.ParityFiles;
import org.clipfusion.diffusion.text.internal.TokenRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Token checks, pooling positions, sessions and result ownership of the text encoder, on the fixture's model. */
class SdTextEncoderTest {
    private static SdTextEncoder encoder;
    private static long[][] tokenIds;

    @BeforeAll
    static void load() throws IOException {
        encoder = SdTextEncoder.load(ParityFiles.set("text_encoder"));
        tokenIds = ParityFiles.readLongMatrix(ParityFiles.set("text_encoder").resolve("inputs/input_ids.npy"));
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    void encodeReturnsTheHiddenStatesAndThePooledRows() {
        try (TextEncoding encoding = encoder.encode(tokenIds)) {
            int width = encoder.config().hiddenSize();
            assertArrayEquals(new long[] {tokenIds.length, tokenIds[0].length, width},
                    encoding.lastHiddenState().shape());
            assertArrayEquals(new long[] {tokenIds.length, width}, encoding.pooledOutput().shape());
        }
    }

    /** eos_token_id 2 pools at the largest id (first on ties); any other id at its first occurrence, else 0. */
    @Test
    void pooledPositionsFollowTransformers() {
        long[][] ids = {{49406, 320, 49407, 49407, 49407}, {49406, 49407, 0, 0, 0}, {5, 6, 7, 8, 4}};
        assertArrayEquals(new long[] {2, 5 + 1, 10 + 3}, TokenRows.of(ids, config(2)).pooledRows());
        assertArrayEquals(new long[] {2, 5 + 1, 10}, TokenRows.of(ids, config(49407)).pooledRows());
    }

    @Test
    void wrongTokensAndNamesAreRejected() {
        int vocabulary = encoder.config().vocabSize();
        int longest = encoder.config().maxPositionEmbeddings();
        for (long[][] bad : new long[][][] {{}, {{}}, {{1, 2}, {1, 2, 3}}, {{1, vocabulary}}, {{-1, 2}},
                {new long[longest + 1]}}) {
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(bad), Arrays.deepToString(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> encoder.outputs(tokenIds, "hidden_states"));
        assertThrows(IllegalArgumentException.class,
                () -> encoder.outputs(tokenIds, TextEncoderOutputs.layer(encoder.layersRun())));
        assertThrows(IllegalArgumentException.class, () -> SdTextEncoder.load(ParityFiles.set("text_encoder"),
                encoder.config().hiddenLayers()));
    }

    @Test
    void callsFromManyThreadsLeaveNoSessionAndOwnTheirResults() throws InterruptedException {
        try (TextEncoding kept = encoder.encode(tokenIds); INDArray snapshot = kept.lastHiddenState().dup()) {
            long[][] reversed = {tokenIds[tokenIds.length - 1]};
            for (int i = 0; i < 3; i++) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread thread = new Thread(() -> {
                    try (TextEncoding ignored = encoder.encode(reversed)) {
                        assertEquals(0, encoder.openSessions(), "session left inside the call's thread");
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                thread.start();
                thread.join();
                assertEquals(null, failure.get());
            }
            assertEquals(0, encoder.openSessions());
            assertEquals(snapshot, kept.lastHiddenState(), "a later call changed an earlier result");
        }
    }

    private static TextEncoderConfig config(long eosTokenId) {
        TextEncoderConfig c = encoder.config();
        return new TextEncoderConfig(c.hiddenSize(), c.intermediateSize(), c.attentionHeads(), c.hiddenLayers(),
                c.maxPositionEmbeddings(), c.vocabSize(), c.activation(), c.layerNormEpsilon(), eosTokenId,
                "test");
    }
}
