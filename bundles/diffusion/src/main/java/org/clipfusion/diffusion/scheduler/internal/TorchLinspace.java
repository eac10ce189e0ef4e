package org.clipfusion.diffusion.scheduler.internal;

/**
 * {@code torch.linspace(start, end, steps, dtype=torch.float32)} as PyTorch's CPU kernel computes it, value for
 * value, so that β_t and ᾱ_t equal diffusers' bit for bit rather than to a last-place rounding.
 *
 * <p>The kernel works in float32 from float32 {@code start}, {@code end} and {@code step = (end − start) / (steps −
 * 1)}: the first half counts up from start, the second down from end ({@code end − step·(steps − 1 − i)}). It runs
 * vectorised, two 8-lane AVX2 vectors per iteration, each lane {@code base + j·step} from the vector's first value,
 * the remainder element by element; the compiler fuses every {@code a + b·c} into one FMA. This class repeats those
 * roundings (checked against the {@code alphas_cumprod} diffusers saved: identical; computing in float64 and
 * rounding once differs in the last bit for most t).
 */
public final class TorchLinspace {
    /** Lanes of one AVX2 float vector. */
    private static final int LANES = 8;

    private TorchLinspace() {
    }

    /** @throws IllegalArgumentException when {@code steps} is below 2 */
    public static float[] float32(double start, double end, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("linspace needs at least 2 steps, got " + steps);
        }
        float first = (float) start;
        float last = (float) end;
        float step = (last - first) / (float) (steps - 1);
        int halfway = steps / 2;
        float[] values = new float[steps];
        int index = 0;
        for (; index + 2 * LANES <= steps; index += 2 * LANES) {
            for (int vector = index; vector < index + 2 * LANES; vector += LANES) {
                float base = element(vector, first, last, step, steps, halfway);
                for (int lane = 0; lane < LANES; lane++) {
                    values[vector + lane] = Math.fma((float) lane, step, base);
                }
            }
        }
        for (; index < steps; index++) {
            values[index] = element(index, first, last, step, steps, halfway);
        }
        return values;
    }

    private static float element(int index, float first, float last, float step, int steps, int halfway) {
        return index < halfway
                ? Math.fma(step, (float) index, first)
                : Math.fma(-step, (float) (steps - index - 1), last);
    }
}
