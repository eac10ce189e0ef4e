package org.clipfusion.tensor.image;

/**
 * Tells a cut-off PNG from a corrupt one after the JDK reader has failed on it: the reader reports a chunk that runs
 * past the end of the data as "Invalid chunk length", which alone does not say "truncated".
 */
final class PngChunks {
    private static final int SIGNATURE_LENGTH = 8;
    private static final int CHUNK_OVERHEAD = 12; // length(4), type(4), CRC(4)

    private PngChunks() {
    }

    /** True if the chunk sequence is intact but the data end before the IEND chunk. */
    static boolean endsBeforeIend(byte[] png) {
        long pos = SIGNATURE_LENGTH;
        while (pos + 8 <= png.length) {
            int at = (int) pos;
            long length = readUnsignedInt(png, at);
            if (length > Integer.MAX_VALUE) {
                return false; // the PNG limit is 2^31 - 1: a corrupt length, not a short file
            }
            if (png[at + 4] == 'I' && png[at + 5] == 'E' && png[at + 6] == 'N' && png[at + 7] == 'D') {
                return false;
            }
            pos += length + CHUNK_OVERHEAD;
        }
        return true;
    }

    private static long readUnsignedInt(byte[] data, int offset) {
        return ((long) (data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16)
                | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }
}
