package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpuProbeTest {

    @Test
    void acceptsAmpereAndAdaCards() {
        assertTrue(GpuProbe.judge("NVIDIA A100-SXM4-40GB, 8.0").usable());
        assertTrue(GpuProbe.judge("NVIDIA GeForce RTX 3090, 8.6").usable());
        assertTrue(GpuProbe.judge("NVIDIA L4, 8.9").usable());
        assertTrue(GpuProbe.judge("Tesla K80, 3.7").usable());
    }

    @Test
    void refusesHopperAndNewerWithTheReason() {
        GpuProbe.Verdict h200 = GpuProbe.judge("NVIDIA H200, 9.0");
        assertFalse(h200.usable());
        assertTrue(h200.description().contains("NVIDIA H200"), h200.description());
        assertTrue(h200.description().contains("3.7 to 8.x"), h200.description());
        assertFalse(GpuProbe.judge("NVIDIA B200, 10.0").usable());
    }

    @Test
    void refusesCardsTooOldAndUnreadableAnswers() {
        assertFalse(GpuProbe.judge("Tesla K20, 3.5").usable());
        assertFalse(GpuProbe.judge("garbage").usable());
        assertFalse(GpuProbe.judge("Some GPU, [N/A]").usable());
    }
}
