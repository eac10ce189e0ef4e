package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.clipfusion.engine.CategoryManager;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code clipfusion:category-remove}: deletes a category's configuration (its {@code .cfg} file too) and, unless
 * {@code --keep-fit}, its persisted fit, so that a category created later under the same name starts unfitted.
 */
@Service
@Command(scope = "clipfusion", name = "category-remove", description = "Removes a category and its fit")
@Parsing(HelpRedirectingParser.class)
public class CategoryRemoveCommand extends UserCommand {

    @Option(name = "--keep-fit", description = "Keep the fit on disk: a category re-created under this name gets it")
    boolean keepFit;

    @Argument(index = 0, name = "name", required = true, description = "The category to remove")
    @Completion(CategoryCompleter.class)
    String name;

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    protected Object run() throws Exception {
        CategoryConfigurations.requireValidName(name);
        if (!keepFit && categories == null) {
            throw new IllegalStateException("the detection engine is not running (see clipfusion:status), so the"
                    + " fit cannot be deleted; use --keep-fit to remove only the configuration");
        }
        boolean configured = CategoryConfigurations.delete(configurationAdmin, name);
        if (!configured && (keepFit || categories.category(name).isEmpty())) {
            throw new IllegalArgumentException("unknown category '" + name + "'");
        }
        if (!keepFit) {
            categories.deleteFit(name);
        }
        System.out.println("Category " + name + " removed" + (keepFit ? " (fit kept)" : ", with its fit"));
        return null;
    }
}
