package org.clipfusion.tensor.torch.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes a strided view (a transpose, a column, an expanded tensor) as contiguous row-major bytes: what
 * {@code tensor.contiguous()} would hold. Works on the bytes of the storage range the view covers.
 */
public final class StridedCopy {
    private static final int OUTPUT_BUFFER_BYTES = 1 << 20;

    private StridedCopy() {
    }

    /**
     * @param window the storage bytes from the view's first element on (element {@code 0} of the window is the
     *     element at the view's storage offset)
     * @param elementBytes bytes per element
     */
    public static void write(byte[] window, long[] shape, long[] stride, int elementBytes, WritableByteChannel out)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(OUTPUT_BUFFER_BYTES, elementBytes));
        int rank = shape.length;
        for (long size : shape) {
            if (size == 0) {
                return;
            }
        }
        long[] index = new long[rank];
        while (true) {
            long element = 0;
            for (int d = 0; d < rank; d++) {
                element += index[d] * stride[d];
            }
            if (buffer.remaining() < elementBytes) {
                drain(buffer, out);
            }
            buffer.put(window, Math.toIntExact(element * elementBytes), elementBytes);
            // Odometer increment, last dimension fastest: row-major order.
            int d = rank - 1;
            while (d >= 0 && ++index[d] == shape[d]) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
        drain(buffer, out);
    }

    private static void drain(ByteBuffer buffer, WritableByteChannel out) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }
}
