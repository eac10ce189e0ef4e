package org.clipfusion.sinks.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
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
 * One file sink per factory configuration {@code etc/org.clipfusion.sinks.file-NAME.cfg}. The {@link ResultSink}
 * service is registered by code rather than by DS, because its {@value ServiceProperties#ID} comes from the
 * configuration. A bad configuration, or a directory that cannot be written (checked here, at activation, rather
 * than at the first result), registers a {@link SinkFailure} naming the key or folder instead, so that
 * {@code clipfusion:sinks} shows the sink as FAILED with the reason.
 */
@Component(service = {}, configurationPid = FileSinkComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = FileSinkConfig.class, factory = true)
public class FileSinkComponent {
    static final String FACTORY_PID = "org.clipfusion.sinks.file";
    private static final Logger LOG = LoggerFactory.getLogger(FileSinkComponent.class);

    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context, FileSinkConfig config, Map<String, Object> properties) {
        FileSinkSettings settings;
        try {
            settings = FileSinkSettings.from(config, properties);
            requireWritable(settings);
        } catch (IllegalArgumentException e) {
            registration = SinkRegistration.registerFailure(context, config.id(), properties, "file",
                    e.getMessage());
            return;
        }
        registration = SinkRegistration.register(context, new FileSink(settings), "file");
        LOG.info("file sink '{}' writes to {}", settings.id(), settings.folder());
    }

    /** Creates the folder and writes and deletes a probe file in it: what every delivery will need. */
    private static void requireWritable(FileSinkSettings settings) {
        Path folder = settings.folder();
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".clipfusion-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalArgumentException("file sink '" + settings.id() + "': directory " + folder
                    + " cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
    }
}
