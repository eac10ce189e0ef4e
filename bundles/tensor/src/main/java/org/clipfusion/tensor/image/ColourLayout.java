package org.clipfusion.tensor.image;

import java.util.Locale;

/** How the colours were stored in the file before decoding turned them into RGB. */
public enum ColourLayout {
    GRAY,
    GRAY_ALPHA,
    PALETTE,
    /** A palette with per-entry transparency (e.g. a PNG tRNS chunk); the transparency is dropped. */
    PALETTE_ALPHA,
    RGB,
    RGBA,
    CMYK,
    /** Adobe YCCK: a JPEG that stores CMYK as luma, two chroma channels and black. */
    YCCK;

    /** Lower-case name, e.g. {@code "gray_alpha"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
