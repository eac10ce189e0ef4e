package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.clip.model.internal.CheckpointLayout;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Component;

/**
 * What an open_clip model directory must hold, for {@code clipfusion:model-verify}: the weights file {@link
 * OpenClipModel#load(Path)} would read, checked against the layout its config implies. Reads the config only.
 */
@Component(service = ModelArchitecture.class, property = ServiceProperties.ID + "=" + OpenClipArchitecture.ID)
public final class OpenClipArchitecture implements ModelArchitecture {
    static final String ID = "open_clip";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "open_clip CLIP model: " + OpenClipModel.CONFIG_FILE_NAMES + " + " + OpenClipModel.WEIGHTS_FILE_NAMES;
    }

    /** A config whose JSON has open_clip's {@code vision_cfg}, at the top or in a hub file's {@code model_cfg}. */
    @Override
    public boolean recognizes(Path directory) {
        Optional<Path> config = configFile(directory);
        if (config.isEmpty()) {
            return false;
        }
        try {
            JsonNode root = JSON.readTree(config.get().toFile());
            return root != null && (root.has("vision_cfg") || root.path("model_cfg").has("vision_cfg"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException {
        Path configFile = configFile(directory).orElseThrow(() -> new ModelLoadException(directory.toString(),
                "no open_clip model config: none of " + OpenClipModel.CONFIG_FILE_NAMES + " exists"));
        OpenClipConfig config = OpenClipConfig.read(configFile);
        return List.of(CheckpointLayout.checkpointSpec(config, OpenClipModel.WEIGHTS_FILE_NAMES,
                String.valueOf(configFile.getFileName())));
    }

    private static Optional<Path> configFile(Path directory) {
        return OpenClipModel.CONFIG_FILE_NAMES.stream()
                .map(directory::resolve)
                .filter(Files::isRegularFile)
                .findFirst();
    }
}
