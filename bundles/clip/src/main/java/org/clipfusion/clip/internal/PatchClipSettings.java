package org.clipfusion.clip.internal;

import java.util.List;
import java.util.Locale;
import org.clipfusion.api.config.ObjectNames;

/**
 * PatchCLIP's knobs, resolved from typed configuration (see {@link PatchClipConfig}); every choice the paper leaves
 * open is one of them.
 *
 * @param temperature      τ of the two-class softmax over prompt similarities
 * @param prompts          the prompt ensemble
 * @param objectNames      category → object name table
 * @param languageMode     how the language-guided map is made
 * @param cropScales       crop sides as fractions of the image's shorter side
 * @param strideRatio      crop stride as a fraction of the crop side
 * @param windowSizes      WinCLIP window sizes in patches (windows mode)
 * @param mapLongSide      the longer side of the maps this scorer returns, in pixels
 * @param batchSize        views per image-encoder forward
 * @param searchBlockBytes budget of one block of the nearest-neighbour similarity matrix
 * @param maxBankBytes     cap on a category's memory bank
 */
record PatchClipSettings(double temperature, PromptEnsemble prompts, ObjectNames objectNames, LanguageMode languageMode,
                         double[] cropScales, double strideRatio, int[] windowSizes, int mapLongSide, int batchSize,
                         long searchBlockBytes, long maxBankBytes) {

    /** Crops of the full-resolution image (default), or WinCLIP's token windows of the one whole-image view. */
    enum LanguageMode {
        CROPS, WINDOWS
    }

    PatchClipSettings {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("PatchCLIP temperature must be positive, got " + temperature);
        }
        if (languageMode == LanguageMode.CROPS && cropScales.length == 0
                || languageMode == LanguageMode.WINDOWS && windowSizes.length == 0) {
            throw new IllegalArgumentException("PatchCLIP " + languageMode.name().toLowerCase(Locale.ROOT)
                    + " mode needs at least one " + (languageMode == LanguageMode.CROPS ? "crop scale" : "window size"));
        }
        for (double scale : cropScales) {
            if (!(scale > 0 && scale <= 1)) {
                throw new IllegalArgumentException("PatchCLIP crop scale must lie in (0, 1], got " + scale);
            }
        }
        if (!(strideRatio > 0 && strideRatio <= 1)) {
            throw new IllegalArgumentException("PatchCLIP stride ratio must lie in (0, 1], got " + strideRatio);
        }
        for (int size : windowSizes) {
            if (size < 1) {
                throw new IllegalArgumentException("PatchCLIP window size must be at least 1 patch, got " + size);
            }
        }
        if (mapLongSide < 8 || batchSize < 1 || searchBlockBytes < 1024 || maxBankBytes < 1024) {
            throw new IllegalArgumentException("PatchCLIP: mapLongSide >= 8, batchSize >= 1, searchBlockBytes and "
                    + "maxBankBytes >= 1024 are required");
        }
        cropScales = cropScales.clone();
        windowSizes = windowSizes.clone();
    }

    /** WinCLIP's states and templates, method.md §3. */
    static final List<String> NORMAL_STATES = List.of("{}", "flawless {}", "perfect {}", "unblemished {}",
            "{} without flaw", "{} without defect", "{} without damage");
    static final List<String> ANOMALOUS_STATES = List.of("damaged {}", "{} with flaw", "{} with defect",
            "{} with damage");
    static final List<String> TEMPLATES = List.of("a cropped photo of the {}.", "a close-up photo of a {}.",
            "a close-up photo of the {}.", "a bright photo of a {}.", "a bright photo of the {}.",
            "a dark photo of the {}.", "a dark photo of a {}.", "a jpeg corrupted photo of a {}.",
            "a jpeg corrupted photo of the {}.", "a blurry photo of the {}.", "a blurry photo of a {}.",
            "a photo of a {}.", "a photo of the {}.", "a photo of a small {}.", "a photo of the small {}.",
            "a photo of a large {}.", "a photo of the large {}.", "a photo of the {} for visual inspection.",
            "a photo of a {} for visual inspection.", "a photo of the {} for anomaly detection.",
            "a photo of a {} for anomaly detection.");
}
