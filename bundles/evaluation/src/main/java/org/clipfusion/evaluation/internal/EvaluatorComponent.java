package org.clipfusion.evaluation.internal;

import org.clipfusion.api.Detector;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.evaluation.EvaluationException;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.Evaluator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link Evaluator} service. The engine is referenced dynamically, so the evaluator stays available (and says
 * clearly that the engine is missing) while the engine bundle is updated.
 */
@Component(service = Evaluator.class)
public class EvaluatorComponent implements Evaluator {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Detector detector;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CategoryManager categoryManager;

    @Override
    public synchronized EvaluationReport evaluate(EvaluationPlan plan, EvaluationListener listener)
            throws EvaluationException, InterruptedException {
        Detector currentDetector = detector;
        CategoryManager currentCategories = categoryManager;
        if (currentDetector == null || currentCategories == null) {
            throw new EvaluationException("the detection engine is not running (see clipfusion:status)");
        }
        EngineCategories engineCategories = new TemporaryCategories(currentCategories, plan.template(),
                plan.objectName());
        return new Evaluation(currentDetector, currentCategories, engineCategories).run(plan, listener);
    }
}
