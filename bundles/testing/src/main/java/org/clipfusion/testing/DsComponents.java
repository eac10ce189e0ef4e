package org.clipfusion.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Activates a Declarative Services component that registers its service by hand ({@code activate(BundleContext,
 * Config)}, as the scorer components do), outside a framework: the configuration is a typed annotation built by
 * {@link ConfigAnnotations}, and the bundle context hands back the service the component registers. For tests
 * that need the real scorers of other bundles (their classes are package-private, hence the reflection).
 */
public final class DsComponents {
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
            throws ReflectiveOperationException {
        Class<?> type = Class.forName(componentClass);
        Class<?> config = Class.forName(configClass);
        Object component = type.getDeclaredConstructor().newInstance();
        Object[] registered = new Object[1];
        ClassLoader loader = DsComponents.class.getClassLoader();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        registered[0] = args[1];
                        return Proxy.newProxyInstance(loader, new Class<?>[] {ServiceRegistration.class},
                                (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException("BundleContext." + method.getName()
                            + " is not available outside a framework");
                });
        Method activate = type.getDeclaredMethod("activate", BundleContext.class, config);
        activate.setAccessible(true);
        activate.invoke(component, context, ConfigAnnotations.of(Objects.requireNonNull(config), keysAndValues));
        return new Activated(component, registered[0]);
    }
}
