package org.clipfusion.clip.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The facade's contract beyond numerical parity: ownership of results, batching of windows, input checks. */
class OpenClipModelTest {
    private static OpenClipModel model;
    private static INDArray images;
    private static long[][] tokenIds;
    private static int[][] windows;

    @BeforeAll
    static void load() throws IOException {
        model = OpenClipModel.load(ParityFixtures.openClip());
        images = ParityFixtures.readFloats(ParityFixtures.openClip().resolve("inputs/images_preprocessed.npy"));
        tokenIds = ParityFixtures.readLongMatrix(ParityFixtures.openClip().resolve("inputs/text_tokens.npy"));
        windows = ParityFixtures.readIntMatrix(ParityFixtures.openClip().resolve("inputs/window_masks.npy"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void resultsStayValidAcrossLaterCalls() {
        try (INDArray first = model.encodeImage(images); INDArray copy = first.dup()) {
            for (int call = 0; call < 3; call++) {
                try (INDArray other = model.encodeImage(images.mul(-1)); INDArray text = model.encodeText(tokenIds);
                        INDArray window = model.windowEmbeddings(images, windows)) {
                    assertEquals(copy.size(1), other.size(1));
                }
            }
            assertEquals(copy, first);
        }
    }

    @Test
    void aWindowOfEveryPatchIsTheWholeImage() {
        int[] everyPatch = IntStream.range(0, model.config().vision().patchCount()).toArray();
        try (INDArray whole = model.encodeImage(images);
                INDArray window = model.windowEmbeddings(images, new int[][] {everyPatch})) {
            INDArray onlyWindow = window.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all());
            assertTrue(ParityFixtures.maxAbsError(onlyWindow, whole) < 1e-5);
        }
    }

    @Test
    void windowsOfMixedSizesAndSmallBatchesGiveTheSameEmbeddings() {
        int[][] mixed = new int[windows.length + 2][];
        mixed[0] = new int[] {model.config().vision().patchCount() - 1};
        System.arraycopy(windows, 0, mixed, 1, windows.length);
        mixed[mixed.length - 1] = new int[] {0};
        try (INDArray together = model.windowEmbeddings(images, mixed);
                INDArray oneAtATime = model.windowEmbeddings(images, mixed, 1);
                INDArray alone = model.windowEmbeddings(images, windows)) {
            assertArrayEquals(new long[] {images.size(0), mixed.length, model.config().embedDim()}, together.shape());
            assertTrue(ParityFixtures.maxAbsError(together, oneAtATime) < 1e-5);
            INDArray middle = together.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + windows.length),
                    NDArrayIndex.all());
            assertTrue(ParityFixtures.maxAbsError(middle, alone) < 1e-5);
        }
    }

    @Test
    void doubleImagesAreConverted() {
        try (INDArray asDouble = images.castTo(DataType.DOUBLE); INDArray fromDouble = model.encodeImage(asDouble);
                INDArray fromFloat = model.encodeImage(images)) {
            assertTrue(ParityFixtures.maxAbsError(fromDouble, fromFloat) < 1e-6);
        }
    }

    @Test
    void logitsAreScaledCosines() {
        try (INDArray logits = model.logits(images, tokenIds)) {
            assertArrayEquals(new long[] {images.size(0), tokenIds.length}, logits.shape());
            double bound = Math.exp(model.logitScale()) * (1 + 1e-5);
            assertTrue(logits.amaxNumber().doubleValue() <= bound, "|logit| <= exp(logit_scale)");
        }
    }

    @Test
    void badInputsAreRejectedWithTheReason() {
        OpenClipConfig config = model.config();
        long[] shape = images.shape();
        try (INDArray wrongSize = Nd4j.zeros(DataType.FLOAT, shape[0], shape[1], shape[2] + 1, shape[3])) {
            assertMessage(() -> model.encodeImage(wrongSize), "NCHW");
        }
        long[][] shortRow = {Arrays.copyOf(tokenIds[0], config.text().contextLength() - 1)};
        assertMessage(() -> model.encodeText(shortRow), "context_length");
        long[][] outOfVocabulary = {tokenIds[0].clone()};
        outOfVocabulary[0][1] = config.text().vocabSize();
        assertMessage(() -> model.encodeText(outOfVocabulary), "vocabulary");
        assertMessage(() -> model.windowEmbeddings(images, new int[][] {{config.vision().patchCount()}}), "grid");
        assertMessage(() -> model.windowEmbeddings(images, new int[][] {{}}), "no patches");
        assertMessage(() -> model.imageOutputs(images, "text_features"), "image outputs");
    }

    @Test
    void aClosedModelRefusesWork() throws IOException {
        OpenClipModel closed = OpenClipModel.load(ParityFixtures.openClip());
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.encodeImage(images));
        assertThrows(IllegalStateException.class, () -> closed.encodeText(tokenIds));
        closed.close();
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expectedPart) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expectedPart), "'" + expectedPart + "' in: " + error.getMessage());
    }
}
