/**
 * The detection engine's implementation (not exported).
 *
 * <p><b>Services.</b> {@link org.clipfusion.engine.internal.DetectionEngine} is the one stateful component: it
 * publishes {@code Detector}, tracks scorers and fusion strategies by dynamic greedy references into
 * {@link org.clipfusion.engine.internal.RankedServiceRegistry}s, and holds the categories in a
 * {@link org.clipfusion.engine.internal.CategoryTable}. {@code CategoryManager} is published by the thin
 * {@link org.clipfusion.engine.internal.CategoryManagerComponent}, because {@code Detector.categories()} and
 * {@code CategoryManager.categories()} differ only in return type.
 *
 * <p><b>How categories arrive.</b> Each {@code org.clipfusion.category} factory configuration activates one
 * {@link org.clipfusion.engine.internal.CategoryComponent}, which checks it
 * ({@link org.clipfusion.engine.internal.CategoryConfigReader}) and offers the resulting
 * {@link org.clipfusion.engine.internal.CategoryDefinition} to the engine through the internal
 * {@link org.clipfusion.engine.internal.CategoryRegistry} service; a bad configuration is one log line and no offer.
 *
 * <p><b>A detection</b> takes the category's immutable {@link org.clipfusion.engine.internal.CategoryState}
 * snapshot, resolves it against the services registered right now into a
 * {@link org.clipfusion.engine.internal.DetectionPlan}, and runs the
 * {@link org.clipfusion.engine.internal.DetectionPipeline} with it; threshold calibration runs the same pipeline.
 *
 * <p><b>Fits</b> are stored by {@link org.clipfusion.engine.internal.BankStore} under
 * {@code <dataDirectory>/banks/<category>/}: one {@code <scorerId>.bank} per scorer plus {@code fit.properties}
 * (references, time, SHA-256 of each bank, derived threshold and what it was calibrated under), and loaded back by
 * {@link org.clipfusion.engine.internal.PersistedFitLoader} whenever a category or a scorer appears.
 */
package org.clipfusion.engine.internal;
