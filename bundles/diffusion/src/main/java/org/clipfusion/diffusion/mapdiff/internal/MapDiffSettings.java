package org.clipfusion.diffusion.mapdiff.internal;

import java.util.List;
import java.util.Locale;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.model.tokenizer.PaddingConvention;

/**
 * MapDiff's knobs, resolved from typed configuration (see {@link MapDiffConfig}); every choice the paper leaves open
 * is one of them.
 *
 * @param imageSize        side of the square the image is resized to before the VAE
 * @param timestep         t of the noising step and of the UNet forward
 * @param noiseSeed        seed of the one ε shared by references and queries
 * @param prompts          the prompts (one UNet batch element each) and their anomaly words
 * @param attentionLayers  attn2 modules of the language map; empty = every attn2 of the up blocks
 * @param featureLayers    UNet outputs of the vision map
 * @param attentionScale   how the attention on the anomaly words is measured
 * @param featurePrompt    the neutral prompt the vision map's features are computed under, {@code {}} = object
 *                         name; blank = the mean of the features under the anomaly prompts
 * @param padding          how token rows are padded for the text encoder
 * @param objectNames      category → object name table
 * @param searchBlockBytes budget of one block of the nearest-neighbour similarity matrix
 * @param maxBankBytes     cap on a category's memory bank
 */
record MapDiffSettings(int imageSize, int timestep, long noiseSeed, List<AnomalyPrompt> prompts,
                       List<String> attentionLayers, List<String> featureLayers, AttentionScale attentionScale,
                       String featurePrompt, PaddingConvention padding, ObjectNames objectNames,
                       long searchBlockBytes, long maxBankBytes) {

    /**
     * {@code CONTENT_TOKENS}: each head's attention on the anomaly words as a share of its attention on the prompt's
     * content tokens (start and padding tokens excluded), so that the start token, which absorbs most of the
     * attention, cannot shrink the map to a few hundredths; {@code RAW}: the softmax probability itself, over all 77
     * tokens.
     */
    enum AttentionScale {
        CONTENT_TOKENS, RAW;

        static AttentionScale parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "content-tokens" -> CONTENT_TOKENS;
                case "raw" -> RAW;
                default -> throw new IllegalArgumentException("MapDiff attentionScale '" + name
                        + "' is neither content-tokens nor raw");
            };
        }

        String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** DIFT's prompt for semantic features, a neutral description of the object [prior]. */
    static final String DEFAULT_FEATURE_PROMPT = "a photo of a {}";

    /** WinCLIP's four anomalous states as Stable Diffusion prompts, method.md §4. */
    static final List<AnomalyPrompt> DEFAULT_PROMPTS = List.of(
            new AnomalyPrompt("a photo of a damaged {}", List.of("damaged")),
            new AnomalyPrompt("a photo of a {} with flaw", List.of("flaw")),
            new AnomalyPrompt("a photo of a {} with defect", List.of("defect")),
            new AnomalyPrompt("a photo of a {} with damage", List.of("damage")));
    /** DIFT's choice: the decoder's 32×32 and 64×64 stages of SD 1.5. */
    static final List<String> DEFAULT_FEATURE_LAYERS = List.of("up_blocks.1", "up_blocks.2");

    MapDiffSettings {
        if (imageSize < 8) {
            throw new IllegalArgumentException("MapDiff imageSize must be at least 8, got " + imageSize);
        }
        if (timestep < 0) {
            throw new IllegalArgumentException("MapDiff timestep must not be negative, got " + timestep);
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("MapDiff needs at least one prompt");
        }
        if (featureLayers.isEmpty()) {
            throw new IllegalArgumentException("MapDiff needs at least one feature layer");
        }
        if (searchBlockBytes < 1024 || maxBankBytes < 1024) {
            throw new IllegalArgumentException("MapDiff: searchBlockBytes and maxBankBytes >= 1024 are required");
        }
        prompts = List.copyOf(prompts);
        featurePrompt = featurePrompt == null ? "" : featurePrompt.trim();
        attentionLayers = List.copyOf(attentionLayers);
        featureLayers = List.copyOf(featureLayers);
    }

    /** {@code sd1} or {@code sd2}, as the configuration spells them. */
    static PaddingConvention padding(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sd1" -> PaddingConvention.STABLE_DIFFUSION_1;
            case "sd2" -> PaddingConvention.STABLE_DIFFUSION_2;
            default -> throw new IllegalArgumentException("MapDiff paddingConvention '" + name
                    + "' is neither sd1 nor sd2");
        };
    }

    /**
     * Everything besides the weights that shapes the features of a memory bank: a bank made with another recipe
     * would be compared with incommensurable query features, so it is refused like a bank of other weights.
     */
    String featureRecipe() {
        return "imageSize=" + imageSize + ";timestep=" + timestep + ";noiseSeed=" + noiseSeed + ";padding="
                + padding + ";prompts=" + prompts.stream().map(AnomalyPrompt::template).toList() + ";featureLayers="
                + featureLayers + ";featurePrompt=" + featurePrompt + ";attentionScale=" + attentionScale.configName();
    }
}
