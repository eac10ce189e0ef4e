package org.clipfusion.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activates a Declarative Services component that registers its service by hand ({@code activate(BundleContext,
 * Config)}, as the scorer components do), outside a framework: the configuration is a typed annotation built by
 * {@link ConfigAnnotations}, and the bundle context hands back the scorer the component registers (waiting for its
 * loader thread). For tests that need the real scorers of other bundles (their classes are package-private, hence
 * the reflection).
 */
public final class DsComponents {
    private static final String SCORER = "org.clipfusion.api.spi.Scorer";
    private static final String SCORER_STATUS = "org.clipfusion.api.spi.ScorerStatus";
    /** A tiny model loads in seconds; a loaded machine may take minutes. */
    private static final long LOAD_TIMEOUT_SECONDS = 300;

    private DsComponents() {
    }

    /**
     * An activated component and the service it registered.
     *
     * @param component the component instance; {@link #deactivate()} ends it
     * @param service   what it registered, or null when it registered nothing (see its log line)
     */
    public record Activated(Object component, Object service) {
        /** Calls the component's {@code deactivate()}. */
        public void deactivate() throws ReflectiveOperationException {
            Method deactivate = component.getClass().getDeclaredMethod("deactivate");
            deactivate.setAccessible(true);
            deactivate.invoke(component);
        }
    }

    /**
     * @param componentClass fully qualified name of the component class
     * @param configClass    fully qualified name of its configuration annotation
     * @param keysAndValues  configuration members, as {@link ConfigAnnotations#of(Class, Object...)} takes them
     */
    public static Activated activate(String componentClass, String configClass, Object... keysAndValues)
            throws ReflectiveOperationException, InterruptedException {
        Class<?> type = Class.forName(componentClass);
        Class<?> config = Class.forName(configClass);
        Object component = type.getDeclaredConstructor().newInstance();
        Map<String, Object> registered = new ConcurrentHashMap<>();
        ClassLoader loader = DsComponents.class.getClassLoader();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered.putIfAbsent(serviceName(args[0]), args[1]);
                        return Proxy.newProxyInstance(loader, new Class<?>[] {ServiceRegistration.class},
                                (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException("BundleContext." + method.getName()
                            + " is not available outside a framework");
                });
        Method activate = type.getDeclaredMethod("activate", BundleContext.class, config);
        activate.setAccessible(true);
        activate.invoke(component, context, ConfigAnnotations.of(Objects.requireNonNull(config), keysAndValues));
        return new Activated(component, awaitScorer(registered));
    }

    /**
     * Scorer components publish their status at once and the scorer when its model has loaded, on a loader thread:
     * the scorer, once the status has left LOADING (null when the load failed), else what the component registered.
     */
    private static Object awaitScorer(Map<String, Object> registered) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_TIMEOUT_SECONDS);
        while (true) {
            Object scorer = registered.get(SCORER);
            Object status = registered.get(SCORER_STATUS);
            if (scorer != null) {
                return scorer;
            }
            if (status == null) {
                return registered.values().stream().findFirst().orElse(null);
            }
            if (!"LOADING".equals(stateOf(status)) || System.nanoTime() - deadline > 0) {
                Thread.sleep(50); // a scorer registered just after the state changed
                return registered.get(SCORER);
            }
            Thread.sleep(20);
        }
    }

    private static String stateOf(Object status) {
        try {
            Method state = status.getClass().getMethod("state");
            return String.valueOf(state.invoke(status));
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }

    private static String serviceName(Object clazz) {
        if (clazz instanceof Class<?> type) {
            return type.getName();
        }
        if (clazz instanceof String[] names && names.length > 0) {
            return names[0];
        }
        return String.valueOf(clazz);
    }
}
