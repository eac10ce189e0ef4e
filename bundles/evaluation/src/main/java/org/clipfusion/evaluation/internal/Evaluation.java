package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.Detector;
import org.clipfusion.datasets.DatasetCategory;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetLayout;
import org.clipfusion.datasets.DatasetReader;
import org.clipfusion.datasets.Datasets;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.evaluation.Ablation;
import org.clipfusion.evaluation.EvaluationException;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.RunKey;
import org.clipfusion.evaluation.RunResult;

/**
 * One evaluation from start to result files, free of OSGi so that it is tested directly: for every category and
 * seed, a finished run from an earlier evaluation or a new one, then results.json, results.csv and report.html
 * (rewritten after every run, so an interrupted evaluation still leaves a report of what it finished).
 */
final class Evaluation {
    private final Detector detector;
    private final CategoryManager categoryManager;
    private final EngineCategories engineCategories;

    Evaluation(Detector detector, CategoryManager categoryManager, EngineCategories engineCategories) {
        this.detector = detector;
        this.categoryManager = categoryManager;
        this.engineCategories = engineCategories;
    }

    EvaluationReport run(EvaluationPlan plan, EvaluationListener listener)
            throws EvaluationException, InterruptedException {
        if (!Files.isDirectory(plan.datasetRoot())) {
            throw new EvaluationException("dataset root " + plan.datasetRoot() + " is not a folder");
        }
        DatasetLayout layout = plan.layout() != null ? plan.layout() : DatasetLayout.detect(plan.datasetRoot());
        List<String> names;
        DatasetReader reader;
        try {
            reader = Datasets.open(plan.datasetRoot(), layout);
            names = plan.categories().isEmpty() ? reader.categories() : plan.categories();
            List<String> known = reader.categories();
            for (String name : names) {
                if (!known.contains(name)) {
                    throw new EvaluationException("dataset " + plan.datasetRoot() + " (" + layout
                            + " layout) has no category '" + name + "'; it has: " + String.join(", ", known));
                }
            }
        } catch (DatasetException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
        RunStore store = RunStore.open(plan, layout);
        RunExecutor executor = new RunExecutor(detector, categoryManager, plan.shots(),
                new PixelPass(plan.pixelSize(), plan.bins()), new GalleryRenderer(plan.galleryImages()));
        List<RunResult> runs = new ArrayList<>();
        List<Ablation> variants = new ArrayList<>();
        variants.add(null); // the template as it is
        variants.addAll(plan.ablations());
        for (String name : names) {
            for (Ablation variant : variants) {
                List<RunKey> pending = new ArrayList<>();
                for (long seed : plan.effectiveSeeds()) {
                    RunKey key = new RunKey(variant == null ? name : variant.label(name), seed);
                    Optional<RunResult> finished = store.finished(key);
                    if (finished.isPresent()) {
                        listener.runResumed(key);
                        runs.add(finished.get());
                    } else {
                        pending.add(key);
                    }
                }
                if (!pending.isEmpty()) {
                    runCategory(reader, name, variant == null ? Map.of() : variant.overrides(), pending, executor,
                            store, listener, runs);
                }
            }
            // After every category, so that an interrupted evaluation still leaves a report of what it finished.
            writeFiles(new EvaluationReport(plan, runs), store);
        }
        // There is always a category (the reader refuses a dataset without one), so the files are written already.
        return new EvaluationReport(plan, runs);
    }

    private void runCategory(DatasetReader reader, String name, Map<String, String> overrides, List<RunKey> keys,
                             RunExecutor executor, RunStore store, EvaluationListener listener, List<RunResult> runs)
            throws InterruptedException, EvaluationException {
        DatasetCategory category;
        try {
            category = reader.category(name);
        } catch (DatasetException e) {
            for (RunKey key : keys) {
                RunResult failed = RunResult.failed(key, 0, List.of(), List.of(), 0, e.getMessage());
                listener.runFinished(failed);
                runs.add(failed);
            }
            return;
        }
        for (RunKey key : keys) {
            String engineCategory = engineCategories.prepare(name, key.seed(), overrides);
            try {
                RunResult result = executor.run(category, key, engineCategory, store.runFolder(key), store.output(),
                        listener);
                store.save(result);
                listener.runFinished(result);
                runs.add(result);
            } catch (IOException e) {
                throw new EvaluationException("run " + key + " could not write to " + store.runFolder(key) + ": "
                        + e.getMessage(), e);
            } finally {
                dropFit(engineCategory);
                engineCategories.release(engineCategory);
            }
        }
    }

    /**
     * A zero-shot fit drops the run's memory banks: the engine keeps a removed category's fit on disk (a category
     * switched off for a while keeps it), which for evaluation categories would only pile up.
     */
    private void dropFit(String engineCategory) {
        try {
            categoryManager.fit(engineCategory, List.of());
        } catch (DetectionException | RuntimeException e) {
            // The category is removed next; a bank left behind costs disk space, not correctness.
        }
    }

    private static void writeFiles(EvaluationReport report, RunStore store) throws EvaluationException {
        try {
            ResultsJson.write(report, store.output());
            ResultsCsv.write(report, store.output());
            ReportHtml.write(report, store.output());
        } catch (IOException e) {
            throw new EvaluationException("results cannot be written to " + store.output() + ": " + e.getMessage(),
                    e);
        }
    }
}
