package org.clipfusion.diffusion.mapdiff.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ModelFiles;
import org.clipfusion.diffusion.internal.PipelineFit;
import org.clipfusion.diffusion.scheduler.NoiseScheduler;
import org.clipfusion.diffusion.text.SdTextEncoder;
import org.clipfusion.diffusion.unet.UNetModel;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.tensor.Sha256;

/**
 * The parts of a Stable Diffusion checkpoint in the diffusers layout that MapDiff runs: text encoder, VAE encoder,
 * UNet and noise schedule, checked to fit together. Owns their off-heap weights: {@link #close()} frees them.
 */
final class StableDiffusionParts implements AutoCloseable {
    static final String TEXT_ENCODER = "text_encoder";
    static final String VAE = "vae";
    static final String UNET = "unet";
    static final String SCHEDULER = "scheduler";

    private final SdTextEncoder textEncoder;
    private final VaeEncoder vae;
    private final UNetModel unet;
    private final NoiseScheduler scheduler;
    private final List<ModelInfo> models;

    private StableDiffusionParts(SdTextEncoder textEncoder, VaeEncoder vae, UNetModel unet, NoiseScheduler scheduler,
                                 List<ModelInfo> models) {
        this.textEncoder = textEncoder;
        this.vae = vae;
        this.unet = unet;
        this.scheduler = scheduler;
        this.models = List.copyOf(models);
    }

    /**
     * Loads {@code text_encoder/}, {@code vae/}, {@code unet/} and {@code scheduler/} of {@code directory}.
     *
     * @param modelId the checkpoint's name, for provenance
     * @throws ModelLoadException naming the file and the problem when a part is missing or invalid, or when the
     *     parts do not fit together (text width vs. the UNet's cross-attention, VAE latents vs. UNet channels)
     */
    static StableDiffusionParts load(Path directory, String modelId) throws IOException {
        NoiseScheduler scheduler = NoiseScheduler.read(directory.resolve(SCHEDULER));
        List<AutoCloseable> loaded = new ArrayList<>();
        try {
            SdTextEncoder textEncoder = SdTextEncoder.load(directory.resolve(TEXT_ENCODER));
            loaded.add(textEncoder);
            VaeEncoder vae = VaeEncoder.load(directory.resolve(VAE));
            loaded.add(vae);
            UNetModel unet = UNetModel.load(directory.resolve(UNET));
            loaded.add(unet);
            checkFit(directory, textEncoder, vae, unet);
            List<ModelInfo> models = List.of(
                    info(modelId, TEXT_ENCODER, ModelFiles.firstExisting(directory.resolve(TEXT_ENCODER),
                            SdTextEncoder.WEIGHTS_FILE_NAMES, "text encoder weights")),
                    info(modelId, VAE, ModelFiles.firstExisting(directory.resolve(VAE),
                            VaeEncoder.WEIGHTS_FILE_NAMES, "VAE weights")),
                    info(modelId, UNET, directory.resolve(UNET).resolve(UNetModel.WEIGHTS_FILE_NAME)));
            return new StableDiffusionParts(textEncoder, vae, unet, scheduler, models);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable part : loaded) {
                closeQuietly(part, e);
            }
            throw e;
        }
    }

    SdTextEncoder textEncoder() {
        return textEncoder;
    }

    VaeEncoder vae() {
        return vae;
    }

    UNetModel unet() {
        return unet;
    }

    NoiseScheduler scheduler() {
        return scheduler;
    }

    /** Text encoder, VAE and UNet weights, in that order. */
    List<ModelInfo> models() {
        return models;
    }

    /**
     * SHA-256 over the three weight digests: one value that changes when any of the weights a memory bank's
     * features depend on changes.
     */
    String weightsFingerprint() {
        StringBuilder digests = new StringBuilder();
        for (ModelInfo model : models) {
            digests.append(model.sha256()).append('\n');
        }
        return Sha256.of(digests.toString());
    }

    /** How many image pixels one latent cell spans per side. */
    int latentScale() {
        return vae.config().downsamplingFactor();
    }

    /** Image sizes must be multiples of this: the VAE halves, then the UNet halves again per level. */
    int imageSizeMultiple() {
        return latentScale() << unet.config().upsamplerCount();
    }

    @Override
    public void close() {
        unet.close();
        vae.close();
        textEncoder.close();
    }

    private static void checkFit(Path directory, SdTextEncoder textEncoder, VaeEncoder vae, UNetModel unet)
            throws ModelLoadException {
        PipelineFit.check(directory, textEncoder.config(), vae.config(), unet.config());
    }

    private static ModelInfo info(String modelId, String part, Path weights) throws IOException {
        return new ModelInfo(modelId + "/" + part, weights.toString(), Sha256.of(weights));
    }

    private static void closeQuietly(AutoCloseable part, Exception cause) {
        try {
            part.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
