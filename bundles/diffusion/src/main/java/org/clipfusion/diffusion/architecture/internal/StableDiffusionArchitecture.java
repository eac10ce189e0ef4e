package org.clipfusion.diffusion.architecture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.diffusion.internal.PipelineFit;
import org.clipfusion.diffusion.scheduler.NoiseScheduler;
import org.clipfusion.diffusion.scheduler.SchedulerConfig;
import org.clipfusion.diffusion.text.TextEncoderConfig;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.diffusion.vae.VaeConfig;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.osgi.service.component.annotations.Component;

/**
 * A Stable Diffusion pipeline in the diffusers layout, the directory MapDiff loads: {@code text_encoder/},
 * {@code vae/} and {@code unet/} checked as their own architectures and as fitting together, and {@code scheduler/}
 * parsed (it has no weights, but a broken one stops MapDiff all the same).
 */
@Component(service = ModelArchitecture.class, property = ServiceProperties.ID + "=" + StableDiffusionArchitecture.ID)
public final class StableDiffusionArchitecture implements ModelArchitecture {
    static final String ID = "stable-diffusion";
    /** diffusers' pipeline index, present in every published pipeline directory. */
    static final String MODEL_INDEX = "model_index.json";
    static final String SCHEDULER = "scheduler";
    static final String TEXT_ENCODER = "text_encoder";
    static final String VAE = "vae";
    static final String UNET = "unet";
    /** The weighted parts, in the order the pipeline runs them. */
    private static final Map<String, ModelArchitecture> PARTS = orderedParts();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Stable Diffusion 1.x/2.x in the diffusers layout: " + String.join("/, ", PARTS.keySet()) + "/, "
                + SCHEDULER + "/";
    }

    @Override
    public boolean recognizes(Path directory) {
        return Files.isRegularFile(directory.resolve(MODEL_INDEX))
                || PARTS.keySet().stream().allMatch(part -> Files.isDirectory(directory.resolve(part)));
    }

    @Override
    public List<CheckpointSpec> expectedCheckpoints(Path directory) throws IOException {
        SchedulerConfig.read(directory.resolve(SCHEDULER).resolve(NoiseScheduler.CONFIG_FILE_NAME));
        PipelineFit.check(directory, TextEncoderConfig.read(configOf(directory, TEXT_ENCODER)),
                VaeConfig.read(configOf(directory, VAE)), UNetConfig.read(configOf(directory, UNET)));
        List<CheckpointSpec> specs = new ArrayList<>();
        for (Map.Entry<String, ModelArchitecture> part : PARTS.entrySet()) {
            for (CheckpointSpec spec : part.getValue().expectedCheckpoints(directory.resolve(part.getKey()))) {
                specs.add(spec.inFolder(part.getKey()));
            }
        }
        return specs;
    }

    private static Path configOf(Path directory, String part) {
        return directory.resolve(part).resolve(DiffusersConfig.FILE_NAME);
    }

    private static Map<String, ModelArchitecture> orderedParts() {
        Map<String, ModelArchitecture> parts = new LinkedHashMap<>();
        parts.put(TEXT_ENCODER, new TextEncoderArchitecture());
        parts.put(VAE, new VaeArchitecture());
        parts.put(UNET, new UNetModelArchitecture());
        return Collections.unmodifiableMap(parts);
    }
}
