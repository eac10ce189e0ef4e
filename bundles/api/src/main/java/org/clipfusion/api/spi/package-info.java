/**
 * Service provider interfaces: scorers, fusion strategies, result sinks and their outbox. Providers register them as
 * OSGi services with the property {@value org.clipfusion.api.spi.ServiceProperties#ID}; consumers track them
 * dynamically, so they can be installed, updated and removed while the line runs.
 *
 * <p>2.0.0: {@code ConfigLists} and {@code ObjectNames} moved to {@link org.clipfusion.api.config}.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.clipfusion.api.spi;
