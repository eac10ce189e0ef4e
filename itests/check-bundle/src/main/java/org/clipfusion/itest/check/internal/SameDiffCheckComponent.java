package org.clipfusion.itest.check.internal;

import java.util.Map;
import org.clipfusion.itest.check.SameDiffCheck;
import org.clipfusion.runtime.ComputeRuntime;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Builds its graph per call, as a model bundle would build its graph once: from Java code, no ND4J embedded. */
@Component(service = SameDiffCheck.class)
public class SameDiffCheckComponent implements SameDiffCheck {

    /** ND4J is only usable once the runtime has published this. */
    @Reference
    ComputeRuntime runtime;

    @Override
    public double[][] geluLinearSoftmax(double[][] x, double[][] weight, double[] bias) {
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder("x", DataType.DOUBLE, -1, x[0].length);
        SDVariable w = sd.constant("w", Nd4j.createFromArray(weight));
        SDVariable b = sd.constant("b", Nd4j.createFromArray(bias));
        SDVariable linear = sd.mmul(input, w, false, true, false).add(b);
        SDVariable gelu = linear.mul(0.5).mul(sd.math().erf(linear.div(Math.sqrt(2.0))).add(1.0));
        sd.nn().softmax("out", gelu, -1);
        try (INDArray feed = Nd4j.createFromArray(x)) {
            INDArray out = sd.output(Map.of("x", feed), "out").get("out");
            double[][] result = out.toDoubleMatrix();
            out.close();
            return result;
        }
    }
}
