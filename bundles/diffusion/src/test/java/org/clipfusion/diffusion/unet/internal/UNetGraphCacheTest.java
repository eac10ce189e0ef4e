package org.clipfusion.diffusion.unet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A UNet pass's reuse cache grows with its batch, as its activations do. */
class UNetGraphCacheTest {

    @Test
    void aPassOfTwoElementsGetsTwiceTheCacheOfOne() {
        long perElement = 512L << 20;
        assertEquals(perElement, UNetGraph.cacheBytes(1));
        assertEquals(2 * perElement, UNetGraph.cacheBytes(2));
        assertEquals(4 * perElement, UNetGraph.cacheBytes(4));
        assertEquals(perElement, UNetGraph.cacheBytes(0), "a placeholder batch of unknown size: one element's");
    }
}
