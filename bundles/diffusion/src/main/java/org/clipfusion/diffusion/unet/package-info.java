/**
 * Stable Diffusion's denoising UNet (diffusers {@code UNet2DConditionModel}) as one SameDiff graph: {@link
 * org.clipfusion.diffusion.unet.UNetConfig} reads a diffusers {@code unet/config.json}, {@link
 * org.clipfusion.diffusion.unet.UNetModel} loads the {@code .safetensors} checkpoint and returns, from one forward,
 * the noise prediction, every cross-attention probability map and every up-block output ({@link
 * org.clipfusion.diffusion.unet.UNetOutputs}), matching diffusers 0.30 (fp32) to about 1e-5.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.diffusion.unet;
