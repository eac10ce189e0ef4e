package org.clipfusion.diffusion.text;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two results of a text encoder forward; both arrays are float32, off-heap and owned by the holder of this
 * record: {@link #close()} frees them.
 *
 * @param lastHiddenState {@code [B, T, hidden]}, see {@link TextEncoderOutputs#LAST_HIDDEN_STATE}
 * @param pooledOutput {@code [B, hidden]}, see {@link TextEncoderOutputs#POOLER_OUTPUT}
 */
public record TextEncoding(INDArray lastHiddenState, INDArray pooledOutput) implements AutoCloseable {
    @Override
    public void close() {
        lastHiddenState.close();
        pooledOutput.close();
    }
}
