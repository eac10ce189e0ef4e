package org.clipfusion.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Scores query features against a memory bank of normal features by cosine distance to the nearest neighbour,
 * {@code min_r ½(1 − ⟨f, r⟩)} for L2-normalised rows. The similarity matrix is never materialised whole: the bank is
 * walked in blocks so that one block of similarities stays under a byte budget, which keeps large banks (many
 * references, high resolutions) from running out of memory.
 */
public final class NearestNeighbourSearch {
    private final long maxBlockBytes;

    /** @param maxBlockBytes the most bytes one block of the query × bank similarity matrix may take */
    public NearestNeighbourSearch(long maxBlockBytes) {
        if (maxBlockBytes < Float.BYTES) {
            throw new IllegalArgumentException("the similarity block budget must hold at least one value, got "
                    + maxBlockBytes + " bytes");
        }
        this.maxBlockBytes = maxBlockBytes;
    }

    /**
     * @param queries [Q, D] float rows, L2-normalised
     * @param bank    [M, D] float rows, L2-normalised
     * @return for each query, ½(1 − cosine similarity to its nearest bank row), in [0, 1]
     */
    public float[] halfCosineDistances(INDArray queries, INDArray bank) {
        requireFloatMatrix(queries, "queries");
        requireFloatMatrix(bank, "bank");
        if (queries.columns() != bank.columns()) {
            throw new IllegalArgumentException("queries have " + queries.columns() + " features but the bank has "
                    + bank.columns());
        }
        long queryCount = queries.rows();
        long bankRows = bank.rows();
        if (bankRows == 0) {
            throw new IllegalArgumentException("the memory bank is empty");
        }
        long rowsPerBlock = Math.max(1, Math.min(bankRows, maxBlockBytes / (Float.BYTES * Math.max(1, queryCount))));
        float[] best = new float[(int) queryCount];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (long start = 0; start < bankRows; start += rowsPerBlock) {
            long end = Math.min(bankRows, start + rowsPerBlock);
            try (INDArray block = bank.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup();
                 INDArray similarities = queries.mmul(block.transpose());
                 INDArray blockBest = similarities.max(1)) {
                for (int q = 0; q < queryCount; q++) {
                    best[q] = Math.max(best[q], blockBest.getFloat(q));
                }
            }
        }
        float[] distances = new float[best.length];
        for (int q = 0; q < best.length; q++) {
            // Rounding can push a self-match a hair above 1; a distance is never negative.
            distances[q] = Math.max(0f, 0.5f * (1f - best[q]));
        }
        return distances;
    }

    /** L2-normalises each row (rows of zeros stay zero), as float32. */
    public static INDArray normalizeRows(INDArray rows) {
        requireMatrix(rows, "rows");
        INDArray asFloat = rows.dataType() == DataType.FLOAT ? rows.dup() : rows.castTo(DataType.FLOAT);
        try (INDArray norms = asFloat.norm2(1).reshape(rows.rows(), 1)) {
            norms.addi(1e-12f);
            asFloat.diviColumnVector(norms);
        }
        return asFloat;
    }

    private static void requireMatrix(INDArray array, String what) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException(what + " must be a [rows, features] matrix, got shape "
                    + Arrays.toString(array.shape()));
        }
    }

    private static void requireFloatMatrix(INDArray array, String what) {
        requireMatrix(array, what);
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(what + " must be float32, got " + array.dataType());
        }
    }

    /** Concatenates banks row-wise, e.g. the features of k reference images. */
    public static INDArray stackRows(List<INDArray> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no rows to stack");
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
