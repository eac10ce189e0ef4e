package org.clipfusion.datasets.internal.synthetic;

/**
 * Derives independent seeds from a spec seed and a position (category, split, index), so that every image depends
 * only on its own position and not on what was generated before it. SplitMix64's finaliser: a specified integer
 * function, so the same on every JVM.
 */
final class SeedMixer {
    private SeedMixer() {
    }

    static long mix(long... parts) {
        long state = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            state = finalise(state ^ part) + 0x9E3779B97F4A7C15L;
        }
        return finalise(state);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
