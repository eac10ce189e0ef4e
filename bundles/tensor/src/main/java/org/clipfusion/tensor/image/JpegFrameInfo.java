package org.clipfusion.tensor.image;

/**
 * The two facts about a JPEG that decide how its colours are stored: the number of components in the frame header
 * and the Adobe APP14 colour transform. Read straight from the marker segments rather than through ImageIO metadata,
 * whose JPEG parser rejects some files that decode fine.
 *
 * @param components     components in the first SOF segment, or 0 if none was found before the first scan
 * @param adobeTransform the APP14 transform byte (0 = none/CMYK, 1 = YCbCr, 2 = YCCK), or -1 without an APP14 segment
 */
record JpegFrameInfo(int components, int adobeTransform) {
    private static final int MARKER_PREFIX = 0xFF;
    private static final int START_OF_IMAGE = 0xD8;
    private static final int END_OF_IMAGE = 0xD9;
    private static final int START_OF_SCAN = 0xDA;
    private static final int APP14 = 0xEE;

    /** True for a 4-component JPEG whose samples are YCCK, decided as libjpeg decides it. */
    boolean isYcck() {
        return components == 4 && adobeTransform > 0;
    }

    /** Scans the header segments; returns what was found if the data end early or are malformed. */
    static JpegFrameInfo scan(byte[] jpeg) {
        int components = 0;
        int adobeTransform = -1;
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != MARKER_PREFIX || (jpeg[1] & 0xFF) != START_OF_IMAGE) {
            return new JpegFrameInfo(components, adobeTransform);
        }
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == MARKER_PREFIX) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == MARKER_PREFIX) {
                pos++; // fill byte
                continue;
            }
            if (marker == START_OF_SCAN || marker == END_OF_IMAGE) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length field
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            int data = pos + 4;
            int dataLength = length - 2;
            if (dataLength < 0 || data + dataLength > jpeg.length) {
                break;
            }
            if (isStartOfFrame(marker) && dataLength >= 6 && components == 0) {
                components = jpeg[data + 5] & 0xFF; // precision(1), height(2), width(2), component count(1)
            } else if (marker == APP14 && dataLength >= 12 && isAdobe(jpeg, data)) {
                adobeTransform = jpeg[data + 11] & 0xFF; // "Adobe", version(2), flags0(2), flags1(2), transform(1)
            }
            pos = data + dataLength;
        }
        return new JpegFrameInfo(components, adobeTransform);
    }

    private static boolean isStartOfFrame(int marker) {
        // C0..CF are frame headers except DHT (C4), JPG (C8) and DAC (CC).
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isAdobe(byte[] jpeg, int offset) {
        return jpeg[offset] == 'A' && jpeg[offset + 1] == 'd' && jpeg[offset + 2] == 'o' && jpeg[offset + 3] == 'b'
                && jpeg[offset + 4] == 'e';
    }
}
