/**
 * The open_clip CLIP model (ViT image tower, causal text tower) as SameDiff graphs: {@link
 * org.clipfusion.clip.model.OpenClipConfig} reads an open_clip model-config JSON, {@link
 * org.clipfusion.clip.model.OpenClipModel} loads an open_clip {@code .safetensors} checkpoint and computes image and
 * text embeddings, patch tokens, WinCLIP window embeddings, logits and per-block intermediates, matching open_clip
 * (fp32) to about 1e-5.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.clip.model;
