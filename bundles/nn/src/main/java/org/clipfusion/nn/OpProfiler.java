package org.clipfusion.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Times every op of one graph run, as SameDiff's inference session reports them to its listeners: the time from
 * {@code preOpExecution} to {@code opExecution} is the op's kernel (with its argument checks); the time between the
 * previous op's end and this op's start is what the session spends outside ops (dependency tracking, allocating the
 * op's output arrays, freeing dead ones). One instance per run; used only when profiling is on.
 */
final class OpProfiler extends BaseListener {
    /**
     * One executed op, named after its first output variable; {@code outputShapes} as {@code [1,128,512,512]},
     * several separated by a space.
     */
    record OpTiming(String name, String type, String outputShapes, long nanos, long gapNanos) {
    }

    private final List<OpTiming> timings = new ArrayList<>();
    private long lastEnd;
    private long opStart;

    /** Starts the clock of the first op's gap; call right before the run. */
    void runStarting() {
        lastEnd = System.nanoTime();
    }

    List<OpTiming> timings() {
        return timings;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        opStart = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
            INDArray[] outputs) {
        long end = System.nanoTime();
        timings.add(new OpTiming(name(op), op.getOp().opName(), shapes(outputs), end - opStart,
                opStart - lastEnd));
        lastEnd = end;
    }

    /** The op's first output variable: the name the graph builders gave, where op names are generated. */
    private static String name(SameDiffOp op) {
        List<String> outputs = op.getOutputsOfOp();
        return outputs == null || outputs.isEmpty() ? op.getName() : outputs.get(0);
    }

    private static String shapes(INDArray[] outputs) {
        if (outputs == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (INDArray output : outputs) {
            if (text.length() > 0) {
                text.append(' ');
            }
            if (output == null) {
                text.append('-');
                continue;
            }
            text.append('[');
            long[] shape = output.shape();
            for (int i = 0; i < shape.length; i++) {
                text.append(i == 0 ? "" : ",").append(shape[i]);
            }
            text.append(']');
        }
        return text.toString();
    }
}
