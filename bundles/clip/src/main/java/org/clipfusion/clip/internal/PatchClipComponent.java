package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.config.ConfigLists;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.tensor.Sha256;
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
 * Publishes the PatchCLIP {@link Scorer} once its model has loaded. The service is registered by hand rather than by
 * DS so that a missing or mismatched model leaves no service at all (one error line naming the file and the keys),
 * never a registered scorer that fails on every image.
 */
@Component(service = {}, immediate = true, configurationPid = "org.clipfusion.clip.patchclip",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PatchClipConfig.class)
public class PatchClipComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PatchClipComponent.class);

    /** ND4J is usable only once the runtime has published this. */
    @Reference
    ComputeRuntime runtime;

    private OpenClipModel model;
    private ServiceRegistration<Scorer> registration;

    @Activate
    void activate(BundleContext context, PatchClipConfig config) {
        try {
            PatchClipScorer scorer = create(config);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ServiceProperties.ID, scorer.id());
            properties.put(Constants.SERVICE_DESCRIPTION, "PatchCLIP on " + config.modelId());
            registration = context.registerService(Scorer.class, scorer, properties);
            LOG.info("PatchCLIP scorer '{}' ready on {} ({})", scorer.id(), config.modelDirectory(), config.modelId());
        } catch (IOException | RuntimeException e) {
            LOG.error("PatchCLIP scorer not available: {}", e.getMessage());
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

    private PatchClipScorer create(PatchClipConfig config) throws IOException {
        if (config.modelDirectory() == null || config.modelDirectory().isBlank()) {
            throw new IOException("modelDirectory is not set in org.clipfusion.clip.patchclip");
        }
        Path directory = Paths.get(config.modelDirectory());
        PatchClipSettings settings = settings(config);
        model = OpenClipModel.load(directory);
        Path weights = OpenClipModel.WEIGHTS_FILE_NAMES.stream().map(directory::resolve).filter(Files::isRegularFile)
                .findFirst().orElseThrow();
        ModelInfo info = new ModelInfo(config.modelId(), weights.toString(), Sha256.of(weights));
        ClipPreprocessor preprocessor = PreprocessConfig.read(directory, model.config());
        return new PatchClipScorer(config.id(), model, info, ClipTokenizer.load(), preprocessor, settings);
    }

    static PatchClipSettings settings(PatchClipConfig config) {
        PromptEnsemble prompts = new PromptEnsemble(
                orDefault("normalStates", config.normalStates(), PatchClipSettings.NORMAL_STATES),
                orDefault("anomalousStates", config.anomalousStates(), PatchClipSettings.ANOMALOUS_STATES),
                orDefault("templates", config.templates(), PatchClipSettings.TEMPLATES));
        PatchClipSettings.LanguageMode mode;
        try {
            mode = PatchClipSettings.LanguageMode.valueOf(config.languageMode().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("languageMode '" + config.languageMode()
                    + "' is neither crops nor windows");
        }
        return new PatchClipSettings(config.temperature(), prompts,
                ObjectNames.visaAndConfigured(config.objectNames()), mode,
                ConfigLists.numbers("cropScales", config.cropScales()), config.strideRatio(),
                ConfigLists.integers("windowSizes", config.windowSizes()), config.mapLongSide(),
                config.batchSize(), config.searchBlockBytes(), config.maxBankBytes());
    }

    private static List<String> orDefault(String property, String[] configured, List<String> defaults) {
        List<String> items = ConfigLists.items(property, configured);
        return items.isEmpty() ? defaults : items;
    }


    private void closeModel() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
