package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.clipfusion.api.Detector;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.engine.CategoryManager;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Evaluation categories as factory configurations of the engine's category PID, named {@code eval.<category>}:
 * the template category's settings, the dataset category's object name (VisA's table applies), no threshold
 * (metrics need none), the run's seed, and no delivery to the result sinks (benchmark images are not the line's
 * parts). Removed when the run ends.
 */
final class ConfigAdminCategories implements EngineCategories {
    static final String FACTORY_PID = "org.clipfusion.category";
    static final String PREFIX = "eval.";
    private static final Set<String> NOT_COPIED = Set.of("service.pid", "service.factoryPid",
            "felix.fileinstall.filename", "service.bundleLocation", "name", "objectName", "thresholdMode", "seed",
            "deliverToSinks");
    private static final ObjectNames OBJECT_NAMES = ObjectNames.visaAnd();

    private final ConfigurationAdmin admin;
    private final Detector detector;
    private final CategoryManager categories;
    private final String template;
    private final long timeoutMillis;

    ConfigAdminCategories(ConfigurationAdmin admin, Detector detector, CategoryManager categories, String template,
                          long timeoutMillis) {
        this.admin = admin;
        this.detector = detector;
        this.categories = categories;
        this.template = template;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public String prepare(String datasetCategory, long seed) throws InterruptedException {
        String name = PREFIX + datasetCategory.replaceAll("[^A-Za-z0-9_.-]", "_");
        Dictionary<String, Object> properties = templateProperties();
        properties.put("name", name);
        properties.put("objectName", OBJECT_NAMES.objectName(datasetCategory, ""));
        properties.put("thresholdMode", "none");
        properties.put("seed", seed);
        properties.put("deliverToSinks", false);
        try {
            admin.getFactoryConfiguration(FACTORY_PID, name, "?").update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("evaluation category " + name + " cannot be configured: "
                    + e.getMessage(), e);
        }
        awaitCondition(() -> detector.categories().contains(name) && categories.category(name).isPresent(),
                "the engine did not pick up evaluation category " + name);
        return name;
    }

    /**
     * Deletes the configuration and waits until the engine has dropped the category: the removal reaches the engine
     * asynchronously, and the next run's {@link #prepare} of the same name must not mistake the old category, about
     * to vanish, for its new one.
     */
    @Override
    public void release(String engineCategory) throws InterruptedException {
        try {
            Configuration[] found = admin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")(name="
                    + engineCategory + "))");
            if (found != null) {
                for (Configuration configuration : found) {
                    configuration.delete();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("evaluation category " + engineCategory + " cannot be removed: "
                    + e.getMessage(), e);
        }
        awaitCondition(() -> !detector.categories().contains(engineCategory), "the engine did not drop evaluation "
                + "category " + engineCategory);
    }

    private void awaitCondition(BooleanSupplier condition, String failure)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(failure + " within " + timeoutMillis / 1000
                        + " s (see clipfusion:categories and the log)");
            }
            Thread.sleep(50);
        }
    }

    private Dictionary<String, Object> templateProperties() {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (template.isEmpty()) {
            return copy;
        }
        try {
            Configuration[] found = admin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")(name="
                    + template + "))");
            if (found == null || found.length == 0) {
                throw new IllegalStateException("template category '" + template + "' is not configured (see "
                        + "clipfusion:categories)");
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                if (!NOT_COPIED.contains(key)) {
                    copy.put(key, properties.get(key));
                }
            }
            return copy;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("template category '" + template + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
