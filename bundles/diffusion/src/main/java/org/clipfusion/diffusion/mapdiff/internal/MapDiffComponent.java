package org.clipfusion.diffusion.mapdiff.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.clipfusion.api.config.ConfigLists;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.runtime.ComputeRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the MapDiff {@link Scorer} once its model has loaded. The service is registered by hand rather than by DS
 * so that a missing or mismatched model, or settings that do not fit it, leave no service at all (one error line
 * naming the file or the setting), never a registered scorer that fails on every image.
 */
@Component(service = {}, immediate = true, configurationPid = MapDiffComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MapDiffConfig.class)
public class MapDiffComponent {
    static final String PID = "org.clipfusion.diffusion.mapdiff";
    private static final Logger LOG = LoggerFactory.getLogger(MapDiffComponent.class);

    /** ND4J is usable only once the runtime has published this. */
    @Reference
    ComputeRuntime runtime;

    private StableDiffusionParts model;
    private ServiceRegistration<Scorer> registration;

    @Activate
    void activate(BundleContext context, MapDiffConfig config) {
        try {
            MapDiffScorer scorer = create(config);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ServiceProperties.ID, scorer.id());
            properties.put(Constants.SERVICE_DESCRIPTION, "MapDiff on " + config.modelId());
            registration = context.registerService(Scorer.class, scorer, properties);
            LOG.info("MapDiff scorer '{}' ready on {} ({}), attention {}, features {}", scorer.id(),
                    config.modelDirectory(), config.modelId(), scorer.layers().attention().keySet(),
                    scorer.layers().features());
        } catch (IOException | RuntimeException e) {
            LOG.error("MapDiff scorer not available: {}", e.getMessage());
            closeModel();
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        closeModel();
    }

    private MapDiffScorer create(MapDiffConfig config) throws IOException {
        if (config.modelDirectory() == null || config.modelDirectory().isBlank()) {
            throw new IOException("modelDirectory is not set in " + PID);
        }
        MapDiffSettings settings = settings(config);
        model = StableDiffusionParts.load(Paths.get(config.modelDirectory()), config.modelId());
        return new MapDiffScorer(config.id(), model, ClipTokenizer.load(), settings);
    }

    /**
     * The settings of {@code config}, defaults filled in.
     *
     * @throws IllegalArgumentException for values out of range or prompts and anomaly words that do not pair up
     */
    static MapDiffSettings settings(MapDiffConfig config) {
        return new MapDiffSettings(config.imageSize(), config.timestep(), config.noiseSeed(), prompts(config),
                ConfigLists.items("attentionLayers", config.attentionLayers()),
                featureLayers(config), MapDiffSettings.padding(config.paddingConvention()),
                ObjectNames.visaAndConfigured(config.objectNames()),
                config.searchBlockBytes(), config.maxBankBytes());
    }

    private static List<AnomalyPrompt> prompts(MapDiffConfig config) {
        List<String> templates = ConfigLists.items("prompts", config.prompts());
        List<String> words = ConfigLists.items("anomalyWords", config.anomalyWords());
        if (templates.isEmpty() && words.isEmpty()) {
            return MapDiffSettings.DEFAULT_PROMPTS;
        }
        if (templates.isEmpty()) {
            // Other words for the default prompts would not be found in them; say so rather than guess.
            throw new IllegalArgumentException("MapDiff anomalyWords are set but prompts are not; set both, one "
                    + "anomalyWords entry per prompt");
        }
        if (words.size() != templates.size()) {
            throw new IllegalArgumentException("MapDiff has " + templates.size() + " prompts but " + words.size()
                    + " anomalyWords entries; give one entry (words separated by " + AnomalyPrompt.WORD_SEPARATOR
                    + ") per prompt");
        }
        List<AnomalyPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            prompts.add(AnomalyPrompt.of(templates.get(i), words.get(i)));
        }
        return prompts;
    }

    private static List<String> featureLayers(MapDiffConfig config) {
        List<String> layers = ConfigLists.items("featureLayers", config.featureLayers());
        return layers.isEmpty() ? MapDiffSettings.DEFAULT_FEATURE_LAYERS : layers;
    }

    private void closeModel() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
