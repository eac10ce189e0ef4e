package org.clipfusion.clip.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The normal and anomalous text prototypes of an object: the normalised mean of the normalised embeddings of its
 * prompt ensemble. Computed once per object name (hundreds of prompts through the text encoder) and cached.
 */
final class TextPrototypes {
    private static final int PROMPTS_PER_FORWARD = 64;

    /** Unit-length prototypes, {@code embedDim} long each. */
    record Pair(float[] normal, float[] anomalous) {
    }

    private final OpenClipModel model;
    private final ClipTokenizer tokenizer;
    private final PromptEnsemble prompts;
    private final TextPrototypeStore store;
    private final ConcurrentMap<String, Pair> cache = new ConcurrentHashMap<>();

    TextPrototypes(OpenClipModel model, ClipTokenizer tokenizer, PromptEnsemble prompts) {
        this(model, tokenizer, prompts, new TextPrototypeStore(null, ""));
    }

    /** @param store where prototypes computed once are kept across restarts */
    TextPrototypes(OpenClipModel model, ClipTokenizer tokenizer, PromptEnsemble prompts, TextPrototypeStore store) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.prompts = prompts;
        this.store = store;
    }

    Pair of(String objectName) {
        return cache.computeIfAbsent(objectName, this::loadOrCompute);
    }

    private Pair loadOrCompute(String objectName) {
        List<String> normal = prompts.normalPrompts(objectName);
        List<String> anomalous = prompts.anomalousPrompts(objectName);
        Pair stored = store.load(normal, anomalous, model.config().embedDim());
        if (stored != null) {
            return stored;
        }
        Pair computed = new Pair(prototype(normal), prototype(anomalous));
        store.save(normal, anomalous, computed);
        return computed;
    }

    List<String> promptsOf(String objectName) {
        List<String> all = new java.util.ArrayList<>(prompts.normalPrompts(objectName));
        all.addAll(prompts.anomalousPrompts(objectName));
        return all;
    }

    private float[] prototype(List<String> texts) {
        int dim = model.config().embedDim();
        double[] sum = new double[dim];
        for (int start = 0; start < texts.size(); start += PROMPTS_PER_FORWARD) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + PROMPTS_PER_FORWARD));
            long[][] ids = tokenizer.tokenize(chunk, PaddingConvention.OPEN_CLIP);
            try (INDArray embeddings = model.encodeText(ids); INDArray unit = OpenClipModel.normalize(embeddings)) {
                float[][] rows = unit.toFloatMatrix();
                for (float[] row : rows) {
                    for (int d = 0; d < dim; d++) {
                        sum[d] += row[d];
                    }
                }
            }
        }
        return Vectors.unit(sum);
    }
}
