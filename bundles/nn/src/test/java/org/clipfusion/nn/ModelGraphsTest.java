package org.clipfusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model graph holds its weights once and computes with them; closing it frees them. */
class ModelGraphsTest {

    @Test
    void theGraphHoldsTheWeightsItIsGivenNotACopy() {
        SameDiff sd = ModelGraphs.create();
        INDArray weight = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
        sd.constant("w", weight);
        assertEquals(weight.data().address(), sd.getVariable("w").getArr().data().address());

        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
        x.mmul("y", sd.getVariable("w"));
        GraphExecutor executor = new GraphExecutor(sd, "test");
        INDArray y = executor.run(Map.of("x", Nd4j.createFromArray(new float[][] {{1, 1}})), List.of("y")).get("y");
        // [1, 1] · [[1, 2], [3, 4]] = [4, 6]
        assertArrayEquals(new float[] {4, 6}, y.toFloatVector());
        executor.close();
        assertTrue(weight.wasClosed(), "closing the executor frees the weights");
    }
}
