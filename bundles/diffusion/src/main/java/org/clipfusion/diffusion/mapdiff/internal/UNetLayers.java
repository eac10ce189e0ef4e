package org.clipfusion.diffusion.mapdiff.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.unet.UNetModel;
import org.clipfusion.diffusion.unet.UNetOutputs;

/**
 * The UNet outputs MapDiff captures, checked against the loaded model's output names: a name the model does not
 * have fails at load with the list of those it has, never at the first image.
 *
 * @param attention the {@code attn2} probability outputs of the language map, with their head counts
 * @param features  the feature outputs of the vision map
 */
record UNetLayers(Map<String, Integer> attention, List<String> features) {
    private static final String UP_BLOCK_PREFIX = "up_blocks.";

    UNetLayers {
        attention = Collections.unmodifiableMap(new LinkedHashMap<>(attention));
        features = List.copyOf(features);
    }

    /**
     * @param attentionLayers configured attn2 names; empty = every attn2 of the up blocks
     * @param featureLayers   configured feature outputs
     * @throws IllegalArgumentException naming the layer and listing the available ones
     */
    static UNetLayers resolve(UNetModel unet, List<String> attentionLayers, List<String> featureLayers) {
        List<String> crossAttention = unet.crossAttentionOutputNames();
        List<String> attention = attentionLayers.isEmpty()
                ? crossAttention.stream().filter(name -> name.startsWith(UP_BLOCK_PREFIX)).toList()
                : List.copyOf(new LinkedHashSet<>(attentionLayers));
        if (attention.isEmpty()) {
            throw new IllegalArgumentException("MapDiff: the UNet has no cross-attention in its up blocks; name "
                    + "attentionLayers from " + crossAttention);
        }
        Map<String, Integer> heads = new LinkedHashMap<>();
        for (String name : attention) {
            if (!crossAttention.contains(name)) {
                throw new IllegalArgumentException("MapDiff attention layer '" + name + "' is not a cross-attention "
                        + "(attn2) of this UNet; it has " + crossAttention);
            }
            heads.put(name, unet.heads(name));
        }
        List<String> spatial = spatialOutputs(unet);
        for (String name : featureLayers) {
            if (!spatial.contains(name)) {
                throw new IllegalArgumentException("MapDiff feature layer '" + name + "' is not an output of this "
                        + "UNet; it has " + spatial);
            }
        }
        return new UNetLayers(heads, List.copyOf(new LinkedHashSet<>(featureLayers)));
    }

    /** Everything one forward must return for the language map and, when {@code withFeatures}, the vision map. */
    List<String> outputs(boolean withAttention, boolean withFeatures) {
        List<String> outputs = new ArrayList<>();
        if (withAttention) {
            outputs.addAll(attention.keySet());
        }
        if (withFeatures) {
            outputs.addAll(features);
        }
        return outputs;
    }

    /** Outputs that are feature maps [B, C, h, w]: all but the time embedding and the attention probabilities. */
    private static List<String> spatialOutputs(UNetModel unet) {
        return unet.outputNames().stream()
                .filter(name -> !name.equals(UNetOutputs.TIME_EMBEDDING) && !UNetOutputs.isCrossAttention(name))
                .toList();
    }
}
