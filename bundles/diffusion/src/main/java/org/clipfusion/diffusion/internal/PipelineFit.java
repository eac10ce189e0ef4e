package org.clipfusion.diffusion.internal;

import java.nio.file.Path;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.diffusion.vae.VaeConfig;

/**
 * Whether the parts of a Stable Diffusion directory fit together, from their configs alone: parts of two different
 * models (an SD 2.x text encoder beside an SD 1.5 UNet) each load, but cannot run together.
 */
public final class PipelineFit {
    private PipelineFit() {
    }

    /**
     * @throws ModelLoadException naming the directory when the text encoder's width is not the UNet's
     *     cross-attention width, or the VAE's latent channels are not the UNet's input channels
     */
    public static void check(Path directory, TextEncoderConfig text, VaeConfig vae, UNetConfig unet)
            throws ModelLoadException {
        int textWidth = text.hiddenSize();
        for (int crossWidth : unet.crossAttentionDims()) {
            if (crossWidth != textWidth) {
                throw new ModelLoadException(directory.toString(), "the text encoder gives " + textWidth
                        + "-wide states but the UNet's cross-attention takes " + crossWidth);
            }
        }
        if (vae.latentChannels() != unet.inChannels()) {
            throw new ModelLoadException(directory.toString(), "the VAE gives " + vae.latentChannels()
                    + " latent channels but the UNet takes " + unet.inChannels());
        }
    }
}
