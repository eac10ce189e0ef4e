package org.clipfusion.tensor.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and TIFF (and whatever else the JDK's ImageIO reads, e.g. GIF) to 8-bit RGB, giving the
 * pixels Pillow's {@code Image.open(f).convert("RGB")} gives, because the models' reference preprocessing does that:
 * <ul>
 *   <li>grayscale becomes R = G = B; palettes are looked up;</li>
 *   <li>alpha (RGBA, gray+alpha, palette transparency) is dropped, not composited;</li>
 *   <li>embedded ICC profiles and gamma are ignored, as Pillow ignores them;</li>
 *   <li>16-bit samples keep their high byte (see {@link SampleDepth} for why, and where Pillow differs);</li>
 *   <li>CMYK and YCCK JPEGs, which ImageIO cannot turn into RGB, are read as raw rasters and converted with
 *       Pillow's formula (see {@link CmykToRgb});</li>
 *   <li>multi-image files (TIFF pages, GIF frames) give their first image.</li>
 * </ul>
 * JPEG pixels can differ from Pillow's by a few levels: the JDK's libjpeg and Pillow's libjpeg-turbo round their
 * inverse DCTs differently. Everything else is exact.
 *
 * <p>Failures are {@link ImageDecodeException}s naming the source and the problem. Truncated data are an error, never
 * a partly grey image: readers that fill missing JPEG data with grey only warn, so those warnings are turned into
 * errors.
 *
 * <p>Safe inside OSGi: readers are looked up with {@link ImageIO#getImageReaders(Object)} on an in-memory stream built
 * here, so neither the stream-provider registry nor ImageIO's disk cache ({@code ImageIO.setUseCache}, a JVM-wide
 * setting this class leaves alone) is involved; the JDK registers its own PNG, JPEG, BMP, GIF and TIFF readers
 * without any class-loader scanning. Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
    /** Largest pixel count whose RGB bytes fit in one Java array. */
    private static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;
    /**
     * System property: the most pixels an image may have, e.g. {@code 100000000}; unset or 0: derived from the heap
     * ({@link #derivedPixelCap}).
     */
    public static final String MAX_PIXELS_PROPERTY = "clipfusion.image.maxPixels";

    private ImageDecoder() {
    }

    public static RgbImage decode(Path file) throws ImageDecodeException {
        return decodeWithInfo(file).image();
    }

    /** @param sourceName names the bytes in error messages, e.g. a file name or URL */
    public static RgbImage decode(byte[] bytes, String sourceName) throws ImageDecodeException {
        return decodeWithInfo(bytes, sourceName).image();
    }

    public static DecodedImage decodeWithInfo(Path file) throws ImageDecodeException {
        return decodeWithInfo(readFile(file), file.toString());
    }

    /** @param sourceName names the bytes in error messages, e.g. a file name or URL */
    public static DecodedImage decodeWithInfo(byte[] bytes, String sourceName) throws ImageDecodeException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        if (bytes.length == 0) {
            throw new ImageDecodeException(sourceName, "empty file (0 bytes)");
        }
        ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        try {
            ImageReader reader = readerFor(input, bytes, sourceName);
            try {
                return read(reader, input, bytes, sourceName);
            } finally {
                reader.dispose();
            }
        } finally {
            closeQuietly(input);
        }
    }

    private static DecodedImage read(ImageReader reader, ImageInputStream input, byte[] bytes, String source)
            throws ImageDecodeException {
        String format = formatName(reader);
        TruncationWarnings truncation = new TruncationWarnings();
        reader.addIIOReadWarningListener(truncation);
        reader.setInput(input, true, false);
        DecodedImage decoded;
        try {
            requireArraySizedImage(reader, source);
            JpegFrameInfo jpeg = format.equals("jpeg") ? JpegFrameInfo.scan(bytes) : null;
            decoded = jpeg != null && jpeg.components() == 4
                    ? readCmykJpeg(reader, jpeg, source)
                    : readThroughImageIo(reader, format, source);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Plugins report corrupt input with unchecked exceptions too (index out of bounds and the like).
            throw truncation.seen() || endedEarly(e) || format.equals("png") && PngChunks.endsBeforeIend(bytes)
                    ? truncated(source, format, e)
                    : new ImageDecodeException(source, "corrupt or unsupported " + format + " data: " + describe(e), e);
        }
        if (truncation.seen()) {
            throw truncated(source, format, null);
        }
        return decoded;
    }

    private static DecodedImage readThroughImageIo(ImageReader reader, String format, String source)
            throws IOException {
        BufferedImage image = reader.read(0);
        Raster raster = image.getRaster();
        ColourLayout layout = RasterToRgb.layoutOf(image.getColorModel(), raster.getSampleModel(), source);
        byte[] rgb = RasterToRgb.toRgb(raster, image.getColorModel(), layout);
        int bits = raster.getSampleModel().getSampleSize(0);
        return new DecodedImage(new RgbImage(raster.getWidth(), raster.getHeight(), rgb), format, bits, layout);
    }

    /** ImageIO offers no RGB image for these, so take the unconverted samples. */
    private static DecodedImage readCmykJpeg(ImageReader reader, JpegFrameInfo jpeg, String source)
            throws IOException {
        Raster raster = reader.readRaster(0, null);
        if (raster.getNumBands() != 4) {
            throw new ImageDecodeException(source, "unsupported colour model (JPEG with 4 components decoded to "
                    + raster.getNumBands() + " bands)");
        }
        byte[] rgb = jpeg.isYcck() ? CmykToRgb.fromYcckJpeg(raster) : CmykToRgb.fromInvertedCmykJpeg(raster);
        ColourLayout layout = jpeg.isYcck() ? ColourLayout.YCCK : ColourLayout.CMYK;
        int bits = raster.getSampleModel().getSampleSize(0);
        return new DecodedImage(new RgbImage(raster.getWidth(), raster.getHeight(), rgb), "jpeg", bits, layout);
    }

    private static ImageReader readerFor(ImageInputStream input, byte[] bytes, String source)
            throws ImageDecodeException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new ImageDecodeException(source, "not an image / unknown format (no image reader recognises a file"
                    + " starting with " + hexPrefix(bytes) + ")");
        }
        return readers.next();
    }

    /**
     * Refuses, from the header alone and so before any pixel is decoded, an image whose decoding would exhaust the
     * heap: a small, highly compressed file can describe gigabytes of pixels.
     */
    private static void requireArraySizedImage(ImageReader reader, String source) throws IOException {
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        String size = reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels";
        if (pixels > MAX_PIXELS) {
            throw new ImageDecodeException(source, "image too large (" + size + ")");
        }
        long configured = configuredPixelCap(source);
        long cap = configured > 0 ? configured
                : derivedPixelCap(Runtime.getRuntime().maxMemory(), decodingBytesPerPixel(reader));
        if (pixels > cap) {
            throw new ImageDecodeException(source, "image too large (" + size + ", " + megapixels(pixels)
                    + "): the cap is " + megapixels(cap) + (configured > 0 ? " (" + MAX_PIXELS_PROPERTY + ")"
                    : ", derived from the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap; raise the"
                    + " heap or set " + MAX_PIXELS_PROPERTY));
        }
    }

    /**
     * The most pixels one image may have when nothing is configured: decoding it may take half of the heap, the
     * other half staying for the platform and the requests running beside it.
     *
     * @param maxHeapBytes  the JVM's heap limit
     * @param bytesPerPixel what decoding holds per pixel at its peak ({@link #decodingBytesPerPixel})
     */
    static long derivedPixelCap(long maxHeapBytes, int bytesPerPixel) {
        return Math.min(MAX_PIXELS, maxHeapBytes / 2 / bytesPerPixel);
    }

    /** ImageIO's raster (its samples as the file stores them) plus the RGB copy handed out. */
    private static int decodingBytesPerPixel(ImageReader reader) {
        javax.imageio.ImageTypeSpecifier raw;
        try {
            raw = reader.getRawImageType(0);
        } catch (IOException | RuntimeException e) {
            raw = null; // metadata past the header unreadable: decoding reports that, the estimate stays cautious
        }
        int rasterBytes = 8; // unknown: up to four 16-bit samples
        if (raw != null) {
            int bits = 0;
            for (int size : raw.getSampleModel().getSampleSize()) {
                bits += size;
            }
            rasterBytes = Math.max(1, (bits + 7) / 8);
        }
        return rasterBytes + 3;
    }

    private static long configuredPixelCap(String source) throws ImageDecodeException {
        String value = System.getProperty(MAX_PIXELS_PROPERTY, "").trim();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            long cap = Long.parseLong(value.replace("_", ""));
            if (cap < 0) {
                throw new NumberFormatException();
            }
            return Math.min(cap, MAX_PIXELS);
        } catch (NumberFormatException e) {
            throw new ImageDecodeException(source, "system property " + MAX_PIXELS_PROPERTY + " is '" + value
                    + "'; expected a number of pixels (0: derived from the heap)");
        }
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f MP", pixels / 1e6);
    }

    private static byte[] readFile(Path file) throws ImageDecodeException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new ImageDecodeException(file.toString(), "is a directory, not an image file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file.toString(), "file not found", e);
        } catch (AccessDeniedException e) {
            throw new ImageDecodeException(file.toString(), "permission denied", e);
        } catch (IOException e) {
            throw new ImageDecodeException(file.toString(), "cannot read file: " + describe(e), e);
        }
    }

    private static ImageDecodeException truncated(String source, String format, Exception cause) {
        return new ImageDecodeException(source, "truncated " + format
                + " (the data end before the image is complete)", cause);
    }

    private static boolean endedEarly(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static String formatName(ImageReader reader) {
        // The provider's first name, as ImageReader.getFormatName() would give, without its IOException.
        String[] names = reader.getOriginatingProvider() == null ? null : reader.getOriginatingProvider().getFormatNames();
        String name = names == null || names.length == 0 ? "image" : names[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "tif" -> "tiff";
            case "jpg" -> "jpeg";
            default -> name;
        };
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return hex.toString();
    }

    private static void closeQuietly(ImageInputStream input) {
        try {
            input.close();
        } catch (IOException ignored) {
            // an in-memory stream; nothing to release that the garbage collector will not
        }
    }

    /** Remembers whether a reader warned that the data ended early (JPEG fills the rest with grey and only warns). */
    private static final class TruncationWarnings implements IIOReadWarningListener {
        private static final Pattern TRUNCATION =
                Pattern.compile("premature end|truncated|missing eoi", Pattern.CASE_INSENSITIVE);
        private boolean seen;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && TRUNCATION.matcher(warning).find()) {
                seen = true;
            }
        }

        boolean seen() {
            return seen;
        }
    }
}
