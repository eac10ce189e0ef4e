/**
 * The encoder of Stable Diffusion's VAE (diffusers {@code AutoencoderKL}) as a SameDiff graph: {@link
 * org.clipfusion.diffusion.vae.VaeConfig} reads {@code vae/config.json}, {@link
 * org.clipfusion.diffusion.vae.VaeEncoder} loads the safetensors weights and maps images in [−1, 1] to the posterior
 * mean and the scaled latents, matching diffusers (fp32) to about 1e-6.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.diffusion.vae;
