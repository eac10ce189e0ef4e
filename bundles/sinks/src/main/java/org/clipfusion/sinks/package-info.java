/**
 * What the outside sees of the result sinks: each sink's delivery state, backlog and last error
 * ({@link org.clipfusion.sinks.SinkMonitor}), and the service property that names a sink's kind.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.sinks;
