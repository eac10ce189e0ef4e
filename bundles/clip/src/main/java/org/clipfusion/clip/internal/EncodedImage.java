package org.clipfusion.clip.internal;

import java.util.List;

/**
 * Everything PatchCLIP computes from one image's pixels: the whole-image view (embedding, patch tokens) and the views
 * of each scale. Query and reference images are encoded alike, so that their maps are made the same way.
 */
record EncodedImage(float[] wholeEmbedding, float[][] unitPatchTokens, List<ScaleViews> scales) {
    EncodedImage {
        scales = List.copyOf(scales);
    }
}
