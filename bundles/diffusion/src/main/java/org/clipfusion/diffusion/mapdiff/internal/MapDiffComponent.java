package org.clipfusion.diffusion.mapdiff.internal;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.clipfusion.api.config.ConfigLists;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.api.spi.BundleScorerPublisher;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerServing;
import org.clipfusion.api.spi.ScorerStatus;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.runtime.ComputeRuntime;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the MapDiff {@link Scorer} make-before-break ({@link ScorerServing}): the model is loaded and verified on a
 * loader thread, not on the DS activation thread, and registered by hand only once it works, so that a missing or
 * mismatched model, or settings that do not fit it, leave no service (one error line naming the file or the
 * setting), never a registered scorer that fails on every image. A configuration change ({@link #modified}) loads the
 * new model while the old one keeps serving, then switches; the old one closes after its last request.
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

    private ScorerServing serving;
    private ServiceRegistration<ScorerStatus> status;

    @Activate
    void activate(BundleContext context, MapDiffConfig config) {
        BundleScorerPublisher registrations = new BundleScorerPublisher(context);
        serving = new ScorerServing("MapDiff", config.id(), registrations);
        status = registrations.registerStatus(serving);
        modified(config);
    }

    @Modified
    void modified(MapDiffConfig config) {
        serving.load(config.id(), config.modelId() + " in " + config.modelDirectory(), () -> create(config));
    }

    @Deactivate
    void deactivate() {
        serving.stop();
        status.unregister();
    }

    private static ScorerServing.Loaded create(MapDiffConfig config) throws IOException {
        if (config.modelDirectory() == null || config.modelDirectory().isBlank()) {
            throw new IOException("modelDirectory is not set in " + PID);
        }
        MapDiffSettings settings = settings(config);
        StableDiffusionParts model = StableDiffusionParts.load(Paths.get(config.modelDirectory()), config.modelId());
        try {
            MapDiffScorer scorer = new MapDiffScorer(config.id(), model, ClipTokenizer.load(), settings);
            LOG.info("MapDiff '{}' on {}: attention {}, features {}", scorer.id(), config.modelId(),
                    scorer.layers().attention().keySet(), scorer.layers().features());
            return new ScorerServing.Loaded(scorer, model::close);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The settings of {@code config}, defaults filled in.
     *
     * @throws IllegalArgumentException for values out of range or prompts and anomaly words that do not pair up
     */
    static MapDiffSettings settings(MapDiffConfig config) {
        return new MapDiffSettings(config.imageSize(), config.timestep(), config.noiseSeed(), prompts(config),
                ConfigLists.items("attentionLayers", config.attentionLayers()),
                featureLayers(config), MapDiffSettings.AttentionScale.parse(config.attentionScale()),
                config.featurePrompt(), MapDiffSettings.padding(config.paddingConvention()),
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
}
