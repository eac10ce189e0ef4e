package org.clipfusion.diffusion.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.clipfusion.diffusion.ParityFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Image sizes, argument checks and memory of the VAE encoder, on the fixture's tiny model. */
class VaeEncoderTest {
    private static VaeEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        encoder = VaeEncoder.load(ParityFiles.set("vae"));
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    /** Any multiple of the downsampling factor, non-square too; latents are the image size over the factor. */
    @Test
    void latentsFollowTheImageSize() {
        int factor = encoder.config().downsamplingFactor();
        try (INDArray images = Nd4j.rand(DataType.FLOAT, 1, encoder.config().inChannels(), 2L * factor, 3L * factor)
                .muli(2).subi(1);
                VaeEncoding encoding = encoder.encode(images)) {
            long[] expected = {1, encoder.config().latentChannels(), 2, 3};
            assertArrayEquals(expected, encoding.posteriorMean().shape());
            assertArrayEquals(expected, encoding.latents().shape());
            try (INDArray scaled = encoding.posteriorMean().mul(encoder.config().scalingFactor())) {
                assertTrue(ParityFiles.maxAbsError(encoding.latents(), scaled) <= 1e-7);
            }
        }
    }

    /** Each image is encoded on its own: a batch gives what its elements give one by one, in double as in float. */
    @Test
    void batchElementsAreIndependentAndOtherFloatTypesAreConverted() {
        int factor = encoder.config().downsamplingFactor();
        try (INDArray batch = Nd4j.rand(DataType.DOUBLE, 2, encoder.config().inChannels(), factor, factor);
                VaeEncoding both = encoder.encode(batch);
                INDArray second = batch.get(NDArrayIndex.interval(1, 2));
                VaeEncoding alone = encoder.encode(second)) {
            INDArray secondOfBoth = both.latents().get(NDArrayIndex.interval(1, 2));
            assertTrue(ParityFiles.maxAbsError(alone.latents(), secondOfBoth) <= 1e-5);
        }
    }

    @Test
    void wrongImagesAndNamesAreRejected() {
        int factor = encoder.config().downsamplingFactor();
        int channels = encoder.config().inChannels();
        for (long[] shape : new long[][] {{1, channels + 1, factor, factor}, {1, channels, factor + 1, factor},
                {channels, factor, factor}, {1, channels, factor, factor / 2}}) {
            try (INDArray images = Nd4j.zeros(DataType.FLOAT, shape)) {
                assertThrows(IllegalArgumentException.class, () -> encoder.encode(images), java.util.Arrays.toString(
                        shape));
            }
        }
        try (INDArray ints = Nd4j.zeros(DataType.INT32, 1, channels, factor, factor)) {
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(ints));
        }
        try (INDArray images = Nd4j.zeros(DataType.FLOAT, 1, channels, factor, factor)) {
            assertThrows(IllegalArgumentException.class, () -> encoder.outputs(images, "decoded"));
            assertThrows(IllegalArgumentException.class, () -> encoder.outputs(images));
        }
    }

    /**
     * SameDiff keeps a session with an array cache per calling thread; a service called from a pool would pile
     * them up off-heap. Every call frees its own, and results are the caller's (not cache arrays a later call
     * overwrites).
     */
    @Test
    void callsFromManyThreadsLeaveNoSessionAndOwnTheirResults() throws InterruptedException {
        int side = 2 * encoder.config().downsamplingFactor();
        try (INDArray first = Nd4j.rand(DataType.FLOAT, 1, encoder.config().inChannels(), side, side);
                INDArray other = Nd4j.rand(DataType.FLOAT, 1, encoder.config().inChannels(), side, side);
                VaeEncoding kept = encoder.encode(first);
                INDArray snapshot = kept.latents().dup()) {
            for (int i = 0; i < 3; i++) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread thread = new Thread(() -> {
                    try (VaeEncoding ignored = encoder.encode(other)) {
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
            assertEquals(snapshot, kept.latents(), "a later call changed an earlier result");
        }
    }
}
