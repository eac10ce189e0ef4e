package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up throws when ND4J computes wrongly, so running it is the check. */
class WarmUpTest {

    @Test
    void computesTheCheckGraphCorrectly() {
        assertTrue(WarmUp.run() >= 0);
    }
}
