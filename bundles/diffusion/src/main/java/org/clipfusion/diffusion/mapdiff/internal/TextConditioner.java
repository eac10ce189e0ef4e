package org.clipfusion.diffusion.mapdiff.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.diffusion.text.SdTextEncoder;
import org.clipfusion.diffusion.text.TextEncoderOutputs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Makes the {@link TextConditioning} of an object: its prompts through the tokenizer and the text encoder, once per
 * object name (every image of a category shares it), then from a cache.
 */
final class TextConditioner {
    /** Stands for the object name when the prompts are checked at load. */
    private static final String PLACEHOLDER_OBJECT = "object";

    private final SdTextEncoder encoder;
    private final ClipTokenizer tokenizer;
    private final List<AnomalyPrompt> prompts;
    private final PaddingConvention padding;
    private final String featurePrompt;
    private final ConcurrentMap<String, TextConditioning> cache = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException when a prompt does not contain its anomaly words */
    TextConditioner(SdTextEncoder encoder, ClipTokenizer tokenizer, List<AnomalyPrompt> prompts,
                    String featurePrompt, PaddingConvention padding) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.prompts = List.copyOf(prompts);
        this.padding = padding;
        this.featurePrompt = featurePrompt;
        for (AnomalyPrompt prompt : prompts) {
            anomalyTokenPositions(prompt, PLACEHOLDER_OBJECT);
        }
    }

    TextConditioning of(String objectName) {
        return cache.computeIfAbsent(objectName, this::encode);
    }

    /**
     * The token indices of the prompt's anomaly words in its 77-long row, in increasing order; a word of several BPE
     * tokens contributes all of them.
     *
     * @throws IllegalArgumentException when a word is not in the prompt (or cut off by truncation)
     */
    int[] anomalyTokenPositions(AnomalyPrompt prompt, String objectName) {
        String text = prompt.text(objectName);
        TreeSet<Integer> positions = new TreeSet<>();
        for (String word : prompt.anomalyWords()) {
            int[] found = tokenizer.positionsOf(text, word);
            if (found.length == 0) {
                throw new IllegalArgumentException("MapDiff anomaly word '" + word + "' is not in the prompt '" + text
                        + "' (as whole words, within " + ClipTokenizer.CONTEXT_LENGTH + " tokens)");
            }
            for (int position : found) {
                positions.add(position);
            }
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    private TextConditioning encode(String objectName) {
        List<String> texts = new ArrayList<>(prompts.size() + 1);
        int[][] positions = new int[prompts.size()][];
        int[] contentTokens = new int[prompts.size()];
        for (int p = 0; p < prompts.size(); p++) {
            texts.add(prompts.get(p).text(objectName));
            positions[p] = anomalyTokenPositions(prompts.get(p), objectName);
            // The words' tokens sit between the start token and the first end-of-text token.
            contentTokens[p] = Math.min(tokenizer.encode(texts.get(p)).size(), ClipTokenizer.CONTEXT_LENGTH - 2);
        }
        String neutral = featurePrompt.isEmpty() ? "" : featurePrompt.replace("{}", objectName);
        List<String> encoded = new ArrayList<>(texts);
        if (!neutral.isEmpty()) {
            encoded.add(neutral);
        }
        long[][] ids = tokenizer.tokenize(encoded, padding);
        Map<String, INDArray> outputs = encoder.outputs(ids, TextEncoderOutputs.LAST_HIDDEN_STATE);
        try (INDArray states = outputs.get(TextEncoderOutputs.LAST_HIDDEN_STATE)) {
            long[] shape = states.shape();
            return new TextConditioning(texts, states.reshape(-1).toFloatVector(), (int) shape[1], (int) shape[2],
                    positions, contentTokens, neutral);
        }
    }
}
