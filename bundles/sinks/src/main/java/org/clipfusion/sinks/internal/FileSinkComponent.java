package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.util.Map;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
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
 * One file sink per factory configuration {@code etc/org.clipfusion.sinks.file-NAME.cfg}. The {@link ResultSink}
 * service is registered by code rather than by DS, because its {@value ServiceProperties#ID} comes from the
 * configuration; a bad configuration logs one error naming the file's key and registers nothing.
 */
@Component(service = {}, configurationPid = FileSinkComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = FileSinkConfig.class, factory = true)
public class FileSinkComponent {
    static final String FACTORY_PID = "org.clipfusion.sinks.file";
    private static final Logger LOG = LoggerFactory.getLogger(FileSinkComponent.class);

    private ServiceRegistration<ResultSink> registration;

    @Activate
    void activate(BundleContext context, FileSinkConfig config, Map<String, Object> properties) {
        FileSinkSettings settings;
        try {
            settings = FileSinkSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.error("file sink not started ({}): {}", properties.get("service.pid"), e.getMessage());
            return;
        }
        registration = SinkRegistration.register(context, new FileSink(settings), "file");
        LOG.info("file sink '{}' writes to {}", settings.id(), settings.folder());
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
