package org.clipfusion.evaluation.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.datasets.SyntheticDatasetGenerator;
import org.clipfusion.datasets.SyntheticSpec;
import org.clipfusion.engine.internal.EngineHarness;
import org.clipfusion.evaluation.Ablation;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.MapBalance;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.PixelMetricsAccumulator;
import org.clipfusion.testing.DsComponents;
import org.clipfusion.testing.SharedFixtures;

/**
 * Not a test: the fusion balance check of docs/benchmarks.md. A synthetic category of the dataset generator (exact
 * masks) runs through both branches, the real PatchCLIP and MapDiff components on the tiny random-weight parity
 * models, through the {@code Evaluation} the shell's {@code clipfusion:eval} uses, zero-shot and 2-shot, with the
 * branch and raw-sum ablations. It prints, per component map, its range on normal and anomalous pixels and its share
 * of the fused map (also in each run's report.html). Random weights: this shows balance, not accuracy.
 *
 * <p>{@code mvn -o -pl bundles/evaluation -Pbalance verify} (after installing the modules); output folder
 * {@code bundles/evaluation/target/balance}.
 */
public final class FusionBalanceCheck {
    private FusionBalanceCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/balance").toAbsolutePath();
        String category = args.length > 1 ? args[1] : "synthetic_disc";
        Path dataset = work.resolve("dataset");
        if (!Files.isDirectory(dataset.resolve(category))) {
            SyntheticDatasetGenerator.generate(dataset, new SyntheticSpec(List.of(category), 96, 4, 4, 8, 0));
        }
        List<DsComponents.Activated> components = new ArrayList<>();
        try (EngineHarness engine = new EngineHarness(work.resolve("engine"), 64, 4.0 * 64 / 256)) {
            engine.bind(scorer(components, "org.clipfusion.clip.internal.PatchClipComponent",
                    "org.clipfusion.clip.internal.PatchClipConfig", "modelDirectory",
                    SharedFixtures.paritySet("open_clip").toString(), "modelId", "tiny-open_clip",
                    "cropScales", new String[] {"0.5", "0.3333333333333333"}, "windowSizes", new String[] {"2"}));
            engine.bind(scorer(components, "org.clipfusion.diffusion.mapdiff.internal.MapDiffComponent",
                    "org.clipfusion.diffusion.mapdiff.internal.MapDiffConfig", "modelDirectory",
                    SharedFixtures.parityDirectory().toString(), "modelId", "tiny-stable-diffusion", "imageSize", 96,
                    "featureLayers", new String[] {"up_blocks.0", "up_blocks.1"}));
            engine.bind((FusionStrategy) new org.clipfusion.fusion.internal.WeightedSumFusion(), 100);
            EngineCategories categories = new HarnessCategories(engine);
            Evaluation evaluation = new Evaluation(engine.detector(), engine.categoryManager(), categories);
            for (int shots : new int[] {0, 2}) {
                List<Ablation> ablations = List.of(
                        new Ablation("clip-branch", Map.of("maps", "clip_language, clip_vision")),
                        new Ablation("diffusion-branch", Map.of("maps", "diffusion_language, diffusion_vision")),
                        new Ablation("raw-sum", Map.of("mapScaling", "raw")));
                EvaluationPlan plan = new EvaluationPlan(dataset, DatasetLayout.MVTEC, List.of(category), shots,
                        List.of(0L), work.resolve(shots + "shot"), "", 0, 4, PixelMetricsAccumulator.DEFAULT_BINS,
                        ablations, "");
                EvaluationReport report = evaluation.run(plan, new EvaluationListener() {
                });
                print(report);
            }
        } finally {
            for (DsComponents.Activated component : components) {
                component.deactivate();
            }
        }
    }

    private static Scorer scorer(List<DsComponents.Activated> components, String component, String config,
                                 Object... keysAndValues) throws Exception {
        DsComponents.Activated activated = DsComponents.activate(component, config, keysAndValues);
        components.add(activated);
        if (activated.service() == null) {
            throw new IllegalStateException(component + " did not start (see its log line)");
        }
        return (Scorer) activated.service();
    }

    private static void print(EvaluationReport report) {
        System.out.printf(Locale.ROOT, "%n## %d-shot, %s%n", report.plan().shots(), report.plan().output());
        for (RunResult run : report.runs()) {
            System.out.printf(Locale.ROOT, "%n%s: I-AUROC %.1f, P-AUROC %.1f, scaling %s%n", run.key().category(),
                    100 * Metric.IMAGE_AUROC.of(run).orElse(Double.NaN),
                    100 * Metric.PIXEL_AUROC.of(run).orElse(Double.NaN),
                    run.provenance().map(p -> p.method().get("fusion.mapScaling") + " "
                            + p.method().entrySet().stream().filter(e -> e.getKey().startsWith("fusion.scale."))
                            .map(e -> e.getKey().substring("fusion.scale.".length()) + " " + e.getValue()).toList())
                            .orElse("-"));
            System.out.println("| map | normal pixels min / mean / max | anomalous pixels min / mean / max | share |");
            System.out.println("|---|---|---|---|");
            for (MapBalance map : run.balance()) {
                System.out.printf(Locale.ROOT, "| %s | %.3g / %.3g / %.3g | %.3g / %.3g / %.3g | %.1f %% |%n",
                        map.role(), map.normalMin(), map.normalMean(), map.normalMax(), map.anomalousMin(),
                        map.anomalousMean(), map.anomalousMax(), 100 * map.share());
            }
        }
    }

    /** Evaluation categories on the harnessed engine: the engine's defaults, the variant's overrides. */
    private static final class HarnessCategories implements EngineCategories {
        private final EngineHarness engine;

        HarnessCategories(EngineHarness engine) {
            this.engine = engine;
        }

        @Override
        public String prepare(String datasetCategory, long seed) {
            return prepare(datasetCategory, seed, Map.of());
        }

        @Override
        public String prepare(String datasetCategory, long seed, Map<String, String> overrides) {
            String name = "eval." + datasetCategory;
            Map<String, Object> properties = new HashMap<>(overrides);
            properties.put("objectName", datasetCategory.replace("synthetic_", "").replace('_', ' '));
            properties.put("seed", seed);
            properties.put("deliverToSinks", false);
            engine.offer(name, properties);
            return name;
        }

        @Override
        public void release(String engineCategory) {
            engine.withdraw(engineCategory);
        }
    }
}
