package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.tensor.Sha256;
import org.clipfusion.testing.SharedFixtures;

/** PatchCLIP on the tiny random-weight open_clip of the parity fixtures, as the DS component would build it. */
final class TinyPatchClip {
    private TinyPatchClip() {
    }

    static Path modelDirectory() {
        return SharedFixtures.paritySet("open_clip");
    }

    static PatchClipScorer create(OpenClipModel model, PatchClipSettings settings) throws IOException {
        Path weights = modelDirectory().resolve("model.safetensors");
        ModelInfo info = new ModelInfo("tiny-open_clip", weights.toString(), Sha256.of(weights));
        return new PatchClipScorer("patchclip", model, info, ClipTokenizer.load(),
                PreprocessConfig.read(modelDirectory(), model.config()), settings);
    }

    static PatchClipSettings settings(PatchClipSettings.LanguageMode mode, long maxBankBytes) {
        return new PatchClipSettings(0.01, new PromptEnsemble(PatchClipSettings.NORMAL_STATES,
                PatchClipSettings.ANOMALOUS_STATES, PatchClipSettings.TEMPLATES),
                ObjectNames.visaAnd(), mode, new double[] {0.5, 1.0 / 3}, 0.5,
                new int[] {2}, 240, 8, 1 << 20, maxBankBytes);
    }
}
