package org.clipfusion.diffusion.architecture.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.diffusion.unet.UNetModel;
import org.clipfusion.diffusion.unet.internal.UNetArchitecture;
import org.clipfusion.diffusion.unet.internal.UNetCheckpointLayout;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.osgi.service.component.annotations.Component;

/** A diffusers {@code UNet2DConditionModel} directory ({@code unet/}), as UNetModel loads it. */
@Component(service = ModelArchitecture.class, property = ServiceProperties.ID + "=" + UNetModelArchitecture.ID)
public final class UNetModelArchitecture implements ModelArchitecture {
    static final String ID = "unet-2d-condition";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "diffusers UNet2DConditionModel (unet/): config.json + " + UNetModel.WEIGHTS_FILE_NAME;
    }

    @Override
    public boolean recognizes(Path directory) {
        return DiffusersConfig.hasClassName(directory, "UNet2DConditionModel");
    }

    /** Also fails, naming the config, when the architecture is one UNetModel cannot build (skips, heads). */
    @Override
    public List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException {
        UNetArchitecture architecture = UNetArchitecture.of(UNetConfig.read(directory.resolve(
                UNetModel.CONFIG_FILE_NAME)));
        return List.of(UNetCheckpointLayout.checkpointSpec(architecture, List.of(UNetModel.WEIGHTS_FILE_NAME),
                UNetModel.CONFIG_FILE_NAME));
    }
}
