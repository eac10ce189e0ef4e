package org.clipfusion.engine.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance per {@code org.clipfusion.category} factory configuration. It checks the configuration and offers the
 * category to the engine; a bad configuration is logged in one line and offers nothing (the component stays active
 * so that SCR does not add a stack trace of its own, and a corrected configuration is picked up by
 * {@link #modified}). Publishes no service: categories reach the engine through {@link CategoryRegistry}.
 */
@Component(configurationPid = CategoryComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = CategoryConfig.class, factory = true)
public class CategoryComponent {
    static final String PID = "org.clipfusion.category";
    private static final Logger LOG = LoggerFactory.getLogger(CategoryComponent.class);

    private CategoryRegistry registry;

    @Reference
    void setRegistry(CategoryRegistry registry) {
        this.registry = registry;
    }

    @Activate
    void activate(CategoryConfig config, Map<String, Object> properties) {
        apply(config, properties);
    }

    /** A changed configuration replaces the category in one step, so detections never see it missing. */
    @Modified
    void modified(CategoryConfig config, Map<String, Object> properties) {
        apply(config, properties);
    }

    @Deactivate
    void deactivate() {
        registry.withdraw(this);
    }

    private void apply(CategoryConfig config, Map<String, Object> properties) {
        try {
            registry.offer(this, CategoryConfigReader.read(config, properties));
        } catch (InvalidCategoryException e) {
            LOG.error(e.getMessage());
            String name = CategoryConfigReader.nameOf(config, properties);
            registry.reject(this, name.isEmpty() ? String.valueOf(properties.get("service.pid")) : name,
                    e.getMessage());
        }
    }
}
