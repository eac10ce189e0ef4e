/** Implementation of the monitoring bundle: metric definitions, persisted totals, the JMX view. */
package org.clipfusion.monitoring.internal;
