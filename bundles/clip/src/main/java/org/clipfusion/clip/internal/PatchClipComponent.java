package org.clipfusion.clip.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.config.ConfigLists;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.api.spi.BundleScorerPublisher;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerServing;
import org.clipfusion.api.spi.ScorerStatus;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.tensor.Sha256;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Serves the PatchCLIP {@link Scorer} make-before-break ({@link ScorerServing}): the model is loaded and verified on
 * a loader thread, not on the DS activation thread, and registered by hand only once it works, so that a missing or
 * mismatched model leaves no service (one error line naming the file and the keys), never a registered scorer that
 * fails on every image. A configuration change ({@link #modified}) loads the new model while the old one keeps
 * serving, then switches; the old one closes after its last request. {@link ScorerStatus} tells loading, serving or
 * failed (reason) from the moment the component is configured.
 */
@Component(service = {}, immediate = true, configurationPid = "org.clipfusion.clip.patchclip",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PatchClipConfig.class)
public class PatchClipComponent {
    /** ND4J is usable only once the runtime has published this. */
    @Reference
    ComputeRuntime runtime;

    private ScorerServing serving;
    private ServiceRegistration<ScorerStatus> status;

    @Activate
    void activate(BundleContext context, PatchClipConfig config) {
        BundleScorerPublisher registrations = new BundleScorerPublisher(context);
        serving = new ScorerServing("PatchCLIP", config.id(), registrations);
        status = registrations.registerStatus(serving);
        modified(config);
    }

    @Modified
    void modified(PatchClipConfig config) {
        serving.load(config.id(), config.modelId() + " in " + config.modelDirectory(), () -> create(config));
    }

    @Deactivate
    void deactivate() {
        serving.stop();
        status.unregister();
    }

    private static ScorerServing.Loaded create(PatchClipConfig config) throws IOException {
        if (config.modelDirectory() == null || config.modelDirectory().isBlank()) {
            throw new IOException("modelDirectory is not set in org.clipfusion.clip.patchclip");
        }
        Path directory = Paths.get(config.modelDirectory());
        PatchClipSettings settings = settings(config);
        OpenClipModel model = OpenClipModel.load(directory);
        try {
            Path weights = OpenClipModel.WEIGHTS_FILE_NAMES.stream().map(directory::resolve)
                    .filter(Files::isRegularFile).findFirst().orElseThrow();
            ModelInfo info = new ModelInfo(config.modelId(), weights.toString(), Sha256.of(weights));
            ClipPreprocessor preprocessor = PreprocessConfig.read(directory, model.config());
            return new ScorerServing.Loaded(new PatchClipScorer(config.id(), model, info, ClipTokenizer.load(),
                    preprocessor, settings), model::close);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
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
}
