package org.clipfusion.http.internal;

import java.util.Optional;

import org.clipfusion.api.Detector;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.monitoring.MetricsExposition;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.sinks.SinkMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/** The services the endpoints use, each as it is bound right now (they come and go while the line runs). */
interface Platform {
    Optional<Detector> detector();

    Optional<CategoryManager> categoryManager();

    ConfigurationAdmin configurationAdmin();

    Optional<SinkMonitor> sinkMonitor();

    Optional<ComputeRuntime> runtime();

    Optional<MetricsExposition> metrics();

    BundleContext bundleContext();
}
