/**
 * Stable Diffusion's text encoder (transformers {@code CLIPTextModel}) as a SameDiff graph: {@link
 * org.clipfusion.diffusion.text.TextEncoderConfig} reads {@code text_encoder/config.json}, {@link
 * org.clipfusion.diffusion.text.SdTextEncoder} loads the safetensors weights and computes the hidden states the UNet
 * is conditioned on, the pooled output and per-layer intermediates, matching transformers (fp32) to about 1e-6.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.diffusion.text;
