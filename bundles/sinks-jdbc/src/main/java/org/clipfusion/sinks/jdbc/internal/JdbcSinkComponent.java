package org.clipfusion.sinks.jdbc.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.SinkIds;
import org.clipfusion.sinks.SinkFailure;
import org.clipfusion.sinks.SinkRegistration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database sink per factory configuration {@code etc/org.clipfusion.sinks.jdbc-NAME.cfg}. Activation does not
 * touch the database: a database that is down at start-up is the outbox's business (retry with backoff), not a
 * reason for the sink to be missing.
 */
@Component(service = {}, configurationPid = JdbcSinkComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = JdbcSinkConfig.class, factory = true)
public class JdbcSinkComponent {
    static final String FACTORY_PID = "org.clipfusion.sinks.jdbc";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkComponent.class);

    private JdbcSink sink;
    private ServiceRegistration<ResultSink> registration;
    /** Registered instead of the sink when the configuration is wrong: clipfusion:sinks lists it as FAILED. */
    private ServiceRegistration<SinkFailure> failure;

    @Activate
    void activate(BundleContext context, JdbcSinkConfig config, Map<String, Object> properties) throws IOException {
        JdbcConnector connector;
        String id;
        try {
            id = SinkIds.of(config.id(), properties);
            String url = config.url().isBlank()
                    ? JdbcConnector.embeddedUrl(Path.of(System.getProperty("karaf.data", "data")), id)
                    : config.url().trim();
            connector = new JdbcConnector(url, config.user(), config.password(), config.timeoutSeconds());
        } catch (IllegalArgumentException e) {
            failure = SinkRegistration.registerFailure(context, config.id(), properties, "jdbc", e.getMessage());
            return;
        }
        sink = new JdbcSink(id, connector, SchemaMigrations.bundled());
        registration = SinkRegistration.register(context, sink, "jdbc");
        LOG.info("database sink '{}' stores results in {}", id, connector.describe());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (failure != null) {
            failure.unregister();
        }
        if (sink != null) {
            sink.close();
        }
    }
}
