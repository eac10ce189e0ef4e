package org.clipfusion.tensor.image;

/**
 * Reduces a stored sample of any supported bit depth to 8 bits.
 *
 * <p><b>16-bit rule: keep the high byte, {@code v >> 8}.</b> That is what Pillow does when it opens 16-bit RGB and
 * RGBA PNGs (they become mode {@code "RGB"}/{@code "RGBA"}), so colour images match the models' PIL-based reference
 * preprocessing exactly, and it splits the 16-bit range into 256 equal bins. Pillow opens 16-bit <em>grayscale</em>
 * PNG/TIFF as mode {@code "I"}/{@code "I;16"}, and its {@code convert("RGB")} then clips every value above 255 to
 * white instead of scaling; that is a Pillow quirk, not a choice, and is deliberately not copied: grayscale gets the
 * same high-byte rule. {@code round(v / 257)} was the alternative; it differs by at most 1 and would lose parity
 * with Pillow on 16-bit colour.
 *
 * <p>Depths below 8 bits are stretched to the full range, {@code floor(v * 255 / (2^bits - 1))}, which is exact for 1, 2
 * and 4 bits and matches Pillow's unpacking of 5-bit (15/16-bit BMP) channels. Depths between 9 and 16 bits keep their
 * top 8 bits.
 */
final class SampleDepth {
    static final int MAX_SUPPORTED_BITS = 16;

    private SampleDepth() {
    }

    static int to8Bit(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        int max = (1 << bits) - 1;
        return sample * 255 / max;
    }
}
