package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Images too large for the heap are refused from their header, before any pixel is decoded. */
class PixelCapTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ImageDecoder.MAX_PIXELS_PROPERTY);
    }

    @Test
    void theDerivedCapIsHalfTheHeapOverThePeakBytesPerPixel() {
        // 2 GiB heap, 8-bit RGB: ImageIO's 3-byte raster plus the 3-byte copy = 6 bytes; 2^30 / 6 pixels.
        assertEquals(178_956_970L, ImageDecoder.derivedPixelCap(2L << 30, 6));
        assertTrue(25_000L * 25_000L > ImageDecoder.derivedPixelCap(2L << 30, 6));
        assertEquals((Integer.MAX_VALUE - 8) / 3, ImageDecoder.derivedPixelCap(1L << 40, 6), "one array at most");
    }

    @Test
    void aHugeImageIsRefusedFromItsHeaderWithoutDecoding() {
        // A PNG that claims more pixels than this JVM's heap allows and holds none: decoding would fail as truncated,
        // the cap comes first. (The side is chosen from this JVM's heap, so that it is over the cap, under Java's
        // array limit.)
        long cap = ImageDecoder.derivedPixelCap(Runtime.getRuntime().maxMemory(), 6);
        Assumptions.assumeTrue(cap < (Integer.MAX_VALUE - 8) / 3 - 100_000, "a heap over 8 GB allows every array");
        int side = (int) Math.sqrt((double) cap) + 1;
        byte[] png = pngHeaderOnly(side, side);
        ImageDecodeException error = assertThrows(ImageDecodeException.class,
                () -> ImageDecoder.decode(png, "huge.png"));
        assertTrue(error.getMessage().contains("image too large (" + side + "x" + side + " pixels, "),
                error.getMessage());
        assertTrue(error.getMessage().contains("MiB heap; raise the heap or set clipfusion.image.maxPixels"),
                error.getMessage());
    }

    @Test
    void theCapIsConfigurable() throws Exception {
        byte[] png = png(40, 40);
        assertEquals(40, ImageDecoder.decode(png, "a.png").width());
        System.setProperty(ImageDecoder.MAX_PIXELS_PROPERTY, "1000");
        ImageDecodeException error = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(png, "a.png"));
        assertTrue(error.getMessage().endsWith("image too large (40x40 pixels, 0.0 MP): the cap is 0.0 MP"
                + " (clipfusion.image.maxPixels)"), error.getMessage());
        assertEquals(30, ImageDecoder.decode(png(30, 30), "b.png").width());
        System.setProperty(ImageDecoder.MAX_PIXELS_PROPERTY, "lots");
        assertTrue(assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(png, "a.png")).getMessage()
                .contains("expected a number of pixels"));
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** Signature, an 8-bit RGB IHDR chunk (PNG specification §11.2.2), an empty IDAT and IEND: no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(file, "IHDR", header.array());
        chunk(file, "IDAT", new byte[0]);
        chunk(file, "IEND", new byte[0]);
        return file.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream file, String type, byte[] data) {
        ByteBuffer typeAndData = ByteBuffer.allocate(4 + data.length)
                .put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeAndData.array());
        file.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        file.writeBytes(typeAndData.array());
        file.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
