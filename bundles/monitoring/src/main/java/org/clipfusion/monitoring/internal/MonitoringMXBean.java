package org.clipfusion.monitoring.internal;

import java.util.Map;

/**
 * The JMX view of the same figures as {@code /metrics}, for plants whose monitoring reads JMX (jconsole, a JMX
 * exporter, a SCADA connector): {@code org.clipfusion:type=Monitoring}.
 */
public interface MonitoringMXBean {

    long getDetectionsTotal();

    long getAnomalousTotal();

    long getErrorsTotal();

    /** Detections per category. */
    Map<String, Long> getDetectionsByCategory();

    long getOutboxDepth();

    double getOutboxOldestAgeSeconds();

    String[] getLoadedScorers();

    long getNativeMemoryBytes();
}
