package org.clipfusion.clip.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WinCLIP windows grouped for batched forwards: windows of one size (tokens per sequence) go together, at most
 * {@code maxWindowsPerForward} per batch, each as a row of token indices into the feature map (class token 0, then
 * the window's patches + 1).
 */
public final class WindowBatches {
    /**
     * Windows of one size, run together.
     *
     * @param positions index of each window in the caller's array, ascending
     * @param tokenIndex per window, {@code [0, patch + 1, ...]}
     */
    public record Batch(int[] positions, long[][] tokenIndex) {
    }

    private final List<Batch> batches;

    private WindowBatches(List<Batch> batches) {
        this.batches = batches;
    }

    /**
     * @throws IllegalArgumentException for no windows, an empty window or a patch index outside {@code [0,
     *     patchCount)}
     */
    public static WindowBatches of(int[][] windows, int patchCount, int maxWindowsPerForward) {
        if (windows.length == 0) {
            throw new IllegalArgumentException("no windows given");
        }
        Map<Integer, List<Integer>> positionsBySize = new LinkedHashMap<>();
        for (int window = 0; window < windows.length; window++) {
            int[] patches = windows[window];
            if (patches == null || patches.length == 0) {
                throw new IllegalArgumentException("window " + window + " has no patches");
            }
            for (int patch : patches) {
                if (patch < 0 || patch >= patchCount) {
                    throw new IllegalArgumentException("window " + window + ": patch index " + patch
                            + " is outside the grid's " + patchCount + " patches");
                }
            }
            positionsBySize.computeIfAbsent(patches.length, size -> new ArrayList<>()).add(window);
        }
        List<Batch> batches = new ArrayList<>();
        for (List<Integer> positions : positionsBySize.values()) {
            for (int from = 0; from < positions.size(); from += maxWindowsPerForward) {
                List<Integer> chunk = positions.subList(from, Math.min(positions.size(), from + maxWindowsPerForward));
                batches.add(batch(windows, chunk));
            }
        }
        return new WindowBatches(List.copyOf(batches));
    }

    /** The batches, in order of first appearance of their window size. */
    public List<Batch> batches() {
        return batches;
    }

    private static Batch batch(int[][] windows, List<Integer> positions) {
        int[] positionArray = positions.stream().mapToInt(Integer::intValue).toArray();
        long[][] tokenIndex = new long[positionArray.length][];
        for (int row = 0; row < positionArray.length; row++) {
            int[] patches = windows[positionArray[row]];
            tokenIndex[row] = new long[patches.length + 1];
            // Token 0 is the class token; patch i is token i + 1.
            for (int patch = 0; patch < patches.length; patch++) {
                tokenIndex[row][patch + 1] = patches[patch] + 1L;
            }
        }
        return new Batch(positionArray, tokenIndex);
    }
}
