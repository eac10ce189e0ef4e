package org.clipfusion.kafka.internal;

import java.util.Map;
import org.clipfusion.api.Detector;
import org.clipfusion.api.spi.ResultOutbox;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.kafka.ClusterMonitor;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.kafka.internal.requests.RequestLoop;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as a member of a ClipFusion cluster, while {@code etc/org.clipfusion.kafka.cfg} exists: the request loop
 * on its own thread, the shared recipes, and the {@link ClusterMonitor} service. It runs only while an outbox is bound
 * ({@link ResultOutbox}), because an offset is committed only once the result is stored there.
 */
@Component(service = {}, configurationPid = ClusterComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ClusterConfig.class)
public class ClusterComponent {
    static final String PID = "org.clipfusion.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterComponent.class);

    @Reference
    private Detector detector;
    @Reference
    private ResultOutbox outbox;
    @Reference
    private CategoryManager categories;
    @Reference
    private ConfigurationAdmin configurationAdmin;

    private RequestLoop loop;
    private Thread thread;
    private ServiceRegistration<ClusterMonitor> registration;

    @Activate
    void activate(BundleContext context, ClusterConfig config, Map<String, Object> properties) {
        ClusterSettings settings;
        try {
            settings = ClusterSettings.from(config, properties);
        } catch (IllegalArgumentException e) {
            LOG.error("ClipFusion cluster not joined: {}", e.getMessage());
            return;
        }
        RecipeSync recipes = settings.recipeTopic().isEmpty() ? RecipeSync.NONE
                : org.clipfusion.kafka.internal.recipes.SharedRecipes.create(settings, categories,
                        configurationAdmin);
        loop = new RequestLoop(settings, RequestLoop.inspector(detector, settings), recipes);
        thread = new Thread(loop, "clipfusion-kafka-" + settings.groupId());
        thread.setDaemon(true);
        thread.start();
        registration = context.registerService(ClusterMonitor.class, this::status, null);
        LOG.info("node '{}' joins group '{}' on {}: requests from {}, recipes {} (client settings {})",
                settings.nodeId(), settings.groupId(), settings.bootstrapServers(), settings.requestTopic(),
                settings.recipeTopic().isEmpty() ? "not shared" : "shared on " + settings.recipeTopic(),
                KafkaClientProperties.describe(settings.client()));
    }

    private ClusterStatus status() {
        return loop.status();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (registration != null) {
            registration.unregister();
        }
        if (loop != null) {
            loop.stop();
            thread.join(60_000);
            if (thread.isAlive()) {
                LOG.warn("the Kafka request loop is still inspecting a request; its offset is not committed, so the"
                        + " group hands the request to another node");
            }
        }
    }
}
