/**
 * ClipFusion's operational metrics: {@link org.clipfusion.monitoring.MetricsExposition} writes them in Prometheus'
 * text format for whoever serves {@code /metrics} (the HTTP bundle, behind its tokens); the same figures are JMX
 * MBeans under {@code org.clipfusion:type=Monitoring,*}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.monitoring;
