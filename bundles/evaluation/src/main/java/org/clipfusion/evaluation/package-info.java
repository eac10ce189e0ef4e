/**
 * The benchmark protocol as a service: {@link org.clipfusion.evaluation.Evaluator} runs the active
 * {@link org.clipfusion.api.Detector} over a dataset described by an {@link org.clipfusion.evaluation.EvaluationPlan},
 * reports progress to an {@link org.clipfusion.evaluation.EvaluationListener} and returns an
 * {@link org.clipfusion.evaluation.EvaluationReport}; the same report is written as {@code results.json},
 * {@code results.csv} and {@code report.html} into the plan's output folder.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.evaluation;
