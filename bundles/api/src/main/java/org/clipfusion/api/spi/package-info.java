/**
 * Service provider interfaces: scorers, fusion strategies, result sinks and their outbox, the one rule for naming a
 * category's object in prompts, and the one way list-valued configuration is read. Providers register them as OSGi
 * services with the property {@value org.clipfusion.api.spi.ServiceProperties#ID}; consumers track them dynamically,
 * so they can be installed, updated and removed while the line runs.
 */
@org.osgi.annotation.versioning.Version("1.5.0")
package org.clipfusion.api.spi;
