package org.clipfusion.diffusion.architecture.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.diffusion.text.SdTextEncoder;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.text.internal.TextEncoderLayout;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.osgi.service.component.annotations.Component;

/** A transformers {@code CLIPTextModel} directory (Stable Diffusion's {@code text_encoder/}), as SdTextEncoder loads it. */
@Component(service = ModelArchitecture.class, property = ServiceProperties.ID + "=" + TextEncoderArchitecture.ID)
public final class TextEncoderArchitecture implements ModelArchitecture {
    static final String ID = "clip-text-model";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "transformers CLIPTextModel (a Stable Diffusion text_encoder/): config.json + one of "
                + SdTextEncoder.WEIGHTS_FILE_NAMES;
    }

    @Override
    public boolean recognizes(Path directory) {
        return DiffusersConfig.isTransformersModel(directory, "clip_text_model", "CLIPTextModel");
    }

    @Override
    public List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException {
        TextEncoderConfig config = TextEncoderConfig.read(directory.resolve(SdTextEncoder.CONFIG_FILE_NAME));
        return List.of(TextEncoderLayout.of(config, config.hiddenLayers())
                .checkpointSpec(SdTextEncoder.WEIGHTS_FILE_NAMES, SdTextEncoder.CONFIG_FILE_NAME));
    }
}
