package org.clipfusion.api.spi;

import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers a {@link ScorerServing}'s scorers and its status with the framework. The status service carries the
 * state as a property ({@value #STATE}), updated on every change so that the engine hears of a failed load at once.
 *
 * @since 1.5
 */
public final class BundleScorerPublisher implements ScorerServing.Publisher {
    public static final String STATE = "clipfusion.scorer.state";

    private final BundleContext context;
    private volatile ServiceRegistration<ScorerStatus> status;

    public BundleScorerPublisher(BundleContext context) {
        this.context = context;
    }

    /** Registers the serving's {@link ScorerStatus}; unregister it after {@link ScorerServing#stop}. */
    public ServiceRegistration<ScorerStatus> registerStatus(ScorerServing serving) {
        status = context.registerService(ScorerStatus.class, serving, statusProperties(serving));
        return status;
    }

    @Override
    public Runnable publish(Scorer scorer, String description) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ID, scorer.id());
        properties.put(Constants.SERVICE_DESCRIPTION, description);
        ServiceRegistration<Scorer> registration = context.registerService(Scorer.class, scorer, properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        };
    }

    @Override
    public void statusChanged(ScorerServing serving) {
        ServiceRegistration<ScorerStatus> registration = status;
        if (registration == null) {
            return;
        }
        try {
            registration.setProperties(statusProperties(serving));
        } catch (IllegalStateException e) {
            // unregistered meanwhile: the component is going away
        }
    }

    private static Dictionary<String, Object> statusProperties(ScorerServing serving) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServiceProperties.ID, serving.scorerId());
        properties.put(STATE, serving.state().name());
        return properties;
    }
}
