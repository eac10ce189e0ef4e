package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two byte-level header checks the decoder makes itself. */
class DecoderHeaderScanTest {
    @Test
    void jpegFrameInfoSeesComponentsAndAdobeTransform() {
        assertEquals(new JpegFrameInfo(3, -1), JpegFrameInfo.scan(DecoderFixtures.bytes("jpeg_rgb_baseline.jpg")));
        assertEquals(new JpegFrameInfo(1, -1), JpegFrameInfo.scan(DecoderFixtures.bytes("jpeg_gray.jpg")));
        assertEquals(new JpegFrameInfo(4, 0), JpegFrameInfo.scan(DecoderFixtures.bytes("jpeg_cmyk_adobe.jpg")));
        assertEquals(new JpegFrameInfo(4, 2), JpegFrameInfo.scan(DecoderFixtures.bytes("jpeg_ycck_adobe.jpg")));
        assertTrue(JpegFrameInfo.scan(DecoderFixtures.bytes("jpeg_ycck_adobe.jpg")).isYcck());
    }

    @Test
    void jpegFrameInfoToleratesGarbage() {
        assertEquals(new JpegFrameInfo(0, -1), JpegFrameInfo.scan(new byte[] {(byte) 0xFF, (byte) 0xD8, 1}));
        assertEquals(new JpegFrameInfo(0, -1), JpegFrameInfo.scan(new byte[0]));
    }

    @Test
    void pngCutShortIsSeenAsEndingBeforeIend() {
        byte[] png = DecoderFixtures.bytes("png_rgb8.png");

        assertFalse(PngChunks.endsBeforeIend(png));
        assertTrue(PngChunks.endsBeforeIend(Arrays.copyOf(png, png.length / 2)));
        assertTrue(PngChunks.endsBeforeIend(Arrays.copyOf(png, png.length - 12))); // ends at a chunk boundary
    }
}
