package org.clipfusion.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;

/** Completes the names of the configured categories. */
@Service
public class CategoryCompleter implements Completer {

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (categories != null) {
            for (CategoryInfo category : categories.categories()) {
                names.getStrings().add(category.name());
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}
