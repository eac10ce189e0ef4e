package org.clipfusion.diffusion.architecture.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.diffusion.vae.VaeConfig;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.diffusion.vae.internal.VaeLayout;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.osgi.service.component.annotations.Component;

/** A diffusers {@code AutoencoderKL} directory ({@code vae/}): encoder and decoder, as VaeEncoder checks them. */
@Component(service = ModelArchitecture.class, property = ServiceProperties.ID + "=" + VaeArchitecture.ID)
public final class VaeArchitecture implements ModelArchitecture {
    static final String ID = "autoencoder-kl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "diffusers AutoencoderKL (vae/): config.json + one of " + VaeEncoder.WEIGHTS_FILE_NAMES;
    }

    @Override
    public boolean recognizes(Path directory) {
        return DiffusersConfig.hasClassName(directory, "AutoencoderKL");
    }

    @Override
    public List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException {
        VaeConfig config = VaeConfig.read(directory.resolve(VaeEncoder.CONFIG_FILE_NAME));
        return List.of(VaeLayout.of(config).checkpointSpec(VaeEncoder.WEIGHTS_FILE_NAMES, VaeEncoder.CONFIG_FILE_NAME));
    }
}
