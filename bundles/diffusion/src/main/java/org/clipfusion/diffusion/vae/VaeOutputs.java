package org.clipfusion.diffusion.vae;

import java.util.List;

/**
 * Names of what {@link VaeEncoder#outputs} computes (the names of the parity fixture files); all NCHW float32.
 */
public final class VaeOutputs {
    /** {@code vae.encoder(image)}: {@code [B, 2·latent, h, w]} (before {@code quant_conv}). */
    public static final String ENCODER_OUT = "encoder_out";
    /** {@code quant_conv} output, the posterior's moments: mean, then log-variance, along channels. */
    public static final String MOMENTS = "quant_conv_out_moments";
    /** {@code latent_dist.mean}: {@code [B, latent, h, w]}. */
    public static final String POSTERIOR_MEAN = "posterior_mean";
    /** {@code latent_dist.logvar}: clamped to [−30, 20] as diffusers does. */
    public static final String POSTERIOR_LOGVAR = "posterior_logvar";
    /** (mean − shift_factor) × scaling_factor: the latents the UNet takes. */
    public static final String LATENTS = "latents_scaled";
    /** Every output, in the order above. */
    public static final List<String> ALL = List.of(ENCODER_OUT, MOMENTS, POSTERIOR_MEAN, POSTERIOR_LOGVAR, LATENTS);

    private VaeOutputs() {
    }
}
