package org.clipfusion.diffusion.mapdiff.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.model.tokenizer.PaddingConvention;
import org.clipfusion.testing.SharedFixtures;

/**
 * MapDiff on the tiny random-weight Stable Diffusion of the parity fixtures (a diffusers layout), as the DS component
 * would build it. That UNet has two up blocks ({@code up_blocks.0} without attention, {@code up_blocks.1} with), so
 * the tests name its layers instead of SD 1.5's defaults.
 */
final class TinyMapDiff {
    /** The tiny UNet's up blocks: the coarser one (upsampled to the latent grid) and the last one. */
    static final List<String> FEATURE_LAYERS = List.of("up_blocks.0", "up_blocks.1");

    private TinyMapDiff() {
    }

    static Path modelDirectory() {
        return SharedFixtures.parityDirectory();
    }

    static StableDiffusionParts load() throws IOException {
        return StableDiffusionParts.load(modelDirectory(), "tiny-stable-diffusion");
    }

    static MapDiffScorer create(StableDiffusionParts model, MapDiffSettings settings) {
        return new MapDiffScorer("mapdiff", model, ClipTokenizer.load(), settings);
    }

    static MapDiffSettings settings(int imageSize, List<String> featureLayers, long maxBankBytes) {
        return settings(imageSize, MapDiffSettings.DEFAULT_PROMPTS, List.of(), featureLayers, maxBankBytes);
    }

    static MapDiffSettings settings(int imageSize, List<AnomalyPrompt> prompts, List<String> attentionLayers,
                                    List<String> featureLayers, long maxBankBytes) {
        return settings(imageSize, prompts, attentionLayers, featureLayers,
                MapDiffSettings.AttentionScale.CONTENT_TOKENS, maxBankBytes);
    }

    static MapDiffSettings settings(int imageSize, List<AnomalyPrompt> prompts, List<String> attentionLayers,
                                    List<String> featureLayers, MapDiffSettings.AttentionScale scale,
                                    long maxBankBytes) {
        return new MapDiffSettings(imageSize, 100, 0L, prompts, attentionLayers, featureLayers, scale,
                MapDiffSettings.DEFAULT_FEATURE_PROMPT, PaddingConvention.STABLE_DIFFUSION_1,
                ObjectNames.visaAnd(), 1 << 20, maxBankBytes);
    }
}
