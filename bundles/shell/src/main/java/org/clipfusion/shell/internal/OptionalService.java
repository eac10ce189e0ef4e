package org.clipfusion.shell.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Calls a service of a feature the shell does not require (the HTTP API's tokens, the Kafka cluster monitor).
 *
 * <p>The shell owns every {@code clipfusion:*} command, because Karaf shows a scope's help ({@code help clipfusion})
 * only when one bundle provides all of its commands. The packages of such optional features are imported
 * dynamically, so the shell installs without them and finds them when they come later, without a refresh. The
 * service is looked up by class name first: only when it is registered is its package there to load, so the
 * commands' own classes never link against a missing package.
 */
final class OptionalService {
    private OptionalService() {
    }

    /** What a command does with the service (typed by its caller, which alone names the optional package). */
    @FunctionalInterface
    interface Call<R> {
        R apply(Object service) throws Exception;
    }

    /**
     * Applies {@code call} to the service registered under {@code className}, or refuses with {@code missing} (a
     * sentence for the user) when no such service is registered.
     */
    static <R> R call(BundleContext context, String className, String missing, Call<R> call) throws Exception {
        ServiceReference<?> reference = context.getServiceReference(className);
        Object service = reference == null ? null : context.getService(reference);
        if (service == null) {
            throw new IllegalStateException(missing);
        }
        try {
            return call.apply(service);
        } finally {
            context.ungetService(reference);
        }
    }
}
