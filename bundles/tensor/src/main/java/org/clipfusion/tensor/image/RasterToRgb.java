package org.clipfusion.tensor.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * Turns the stored samples of a decoded raster into 8-bit RGB the way Pillow's {@code convert("RGB")} does: no colour
 * management (embedded ICC profiles and gamma are ignored, as Pillow ignores them), gray copied to R, G and B, palette
 * indices looked up, alpha dropped rather than composited onto a background.
 *
 * <p>It reads raw samples instead of calling {@code BufferedImage.getRGB}, which would push gray through Java's linear
 * gray colour space and change the values.
 */
final class RasterToRgb {
    private RasterToRgb() {
    }

    /**
     * The layout of a colour model.
     *
     * @throws ImageDecodeException naming {@code source} if the samples or colours are not ones this class converts
     */
    static ColourLayout layoutOf(ColorModel model, SampleModel samples, String source) throws ImageDecodeException {
        if (model instanceof IndexColorModel palette) {
            if (isFullGrayRamp(palette)) {
                return ColourLayout.GRAY; // the JDK presents 1/2/4-bit grayscale PNGs as such a palette
            }
            return palette.getTransparency() == Transparency.OPAQUE ? ColourLayout.PALETTE : ColourLayout.PALETTE_ALPHA;
        }
        requireIntegerSamples(samples, source);
        int type = model.getColorSpace().getType();
        int colours = model.getNumColorComponents();
        boolean alpha = model.hasAlpha();
        if (type == ColorSpace.TYPE_GRAY && colours == 1) {
            return alpha ? ColourLayout.GRAY_ALPHA : ColourLayout.GRAY;
        }
        if (type == ColorSpace.TYPE_RGB && colours == 3) {
            return alpha ? ColourLayout.RGBA : ColourLayout.RGB;
        }
        if (type == ColorSpace.TYPE_CMYK && colours == 4 && !alpha) {
            return ColourLayout.CMYK;
        }
        throw new ImageDecodeException(source, "unsupported colour model (" + colourSpaceName(type) + ", "
                + colours + " colour components" + (alpha ? " + alpha" : "") + ")");
    }

    static byte[] toRgb(Raster raster, ColorModel model, ColourLayout layout) {
        return switch (layout) {
            case PALETTE, PALETTE_ALPHA -> lookUpPalette(raster, (IndexColorModel) model);
            case GRAY, GRAY_ALPHA -> model instanceof IndexColorModel ramp
                    ? lookUpPalette(raster, ramp)
                    : copyBands(raster, 0, 0, 0);
            case RGB, RGBA -> copyBands(raster, 0, 1, 2);
            case CMYK -> CmykToRgb.fromCmyk(raster);
            case YCCK -> throw new IllegalArgumentException("YCCK appears only in JPEGs; see CmykToRgb");
        };
    }

    /** Each output channel copied from the given band, reduced to 8 bits. */
    private static byte[] copyBands(Raster raster, int redBand, int greenBand, int blueBand) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] bands = {redBand, greenBand, blueBand};
        int[] row = new int[width];
        for (int c = 0; c < 3; c++) {
            int bits = raster.getSampleModel().getSampleSize(bands[c]);
            for (int y = 0; y < height; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, bands[c], row);
                int out = 3 * y * width + c;
                for (int x = 0; x < width; x++, out += 3) {
                    rgb[out] = (byte) SampleDepth.to8Bit(row[x], bits);
                }
            }
        }
        return rgb;
    }

    private static byte[] lookUpPalette(Raster raster, IndexColorModel palette) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] row = new int[width];
        int out = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                int index = row[x];
                rgb[out++] = (byte) palette.getRed(index);
                rgb[out++] = (byte) palette.getGreen(index);
                rgb[out++] = (byte) palette.getBlue(index);
            }
        }
        return rgb;
    }

    private static boolean isFullGrayRamp(IndexColorModel palette) {
        int bits = palette.getPixelSize();
        int size = palette.getMapSize();
        if (bits >= 8 || size != 1 << bits || palette.getTransparency() != Transparency.OPAQUE) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            int level = i * 255 / (size - 1);
            if (palette.getRed(i) != level || palette.getGreen(i) != level || palette.getBlue(i) != level) {
                return false;
            }
        }
        return true;
    }

    private static void requireIntegerSamples(SampleModel samples, String source) throws ImageDecodeException {
        int type = samples.getDataType();
        boolean integral = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT;
        for (int band = 0; integral && band < samples.getNumBands(); band++) {
            integral = samples.getSampleSize(band) <= SampleDepth.MAX_SUPPORTED_BITS;
        }
        if (!integral) {
            throw new ImageDecodeException(source, "unsupported sample type (" + samples.getSampleSize(0) + "-bit "
                    + dataTypeName(type) + " samples; only unsigned integers of up to 16 bits are supported)");
        }
    }

    private static String dataTypeName(int type) {
        return switch (type) {
            case DataBuffer.TYPE_FLOAT -> "float";
            case DataBuffer.TYPE_DOUBLE -> "double";
            case DataBuffer.TYPE_SHORT -> "signed";
            default -> "integer";
        };
    }

    private static String colourSpaceName(int type) {
        return switch (type) {
            case ColorSpace.TYPE_GRAY -> "gray";
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "colour space type " + type;
        };
    }
}
