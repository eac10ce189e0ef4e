package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-sample rules, on values worked out by hand. */
class DecodeRulesTest {
    @ParameterizedTest(name = "{0} at {1} bits -> {2}")
    @CsvSource({
        "0,     16, 0",
        "255,   16, 0",     // the high byte: round(255 / 257) would give 1
        "33000, 16, 128",   // 33000 >> 8 = 128.9 truncated
        "65535, 16, 255",
        "1023,  10, 255",
        "1,     1,  255",
        "5,     4,  85",
        "16,    5,  131",   // 16 * 255 / 31 = 131.6, floored as Pillow's 5-bit unpacking does
        "200,   8,  200",
    })
    void sampleDepthReduction(int sample, int bits, int expected) {
        assertEquals(expected, SampleDepth.to8Bit(sample, bits));
    }

    @ParameterizedTest(name = "ink {0}, black {1} -> {2}")
    @CsvSource({
        "0,   0,   255",
        "255, 0,   0",
        "0,   255, 0",
        "100, 50,  125",    // 155 * 205 / 255 = 124.6; the naive 255 - (100 + 50) would give 105
        "128, 128, 63",     // 127 * 127 / 255 = 63.25
    })
    void cmykChannelIsPillowsMultiplicativeFormula(int ink, int black, int expected) {
        assertEquals(expected, CmykToRgb.channel(ink, black));
    }
}
