package org.clipfusion.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code clipfusion:fusion}: without arguments, lists the registered fusion strategies and the categories using each;
 * with a strategy id, makes it the strategy of one category ({@code -c}) or of every category.
 */
@Service
@Command(scope = "clipfusion", name = "fusion", description = "Lists fusion strategies, or selects one")
@Parsing(HelpRedirectingParser.class)
public class FusionCommand extends UserCommand {

    @Argument(index = 0, name = "strategy", required = false, description = "Strategy id to select")
    @Completion(FusionStrategyCompleter.class)
    String strategy;

    @Option(name = "-c", aliases = "--category", description = "Select for this category only")
    @Completion(CategoryCompleter.class)
    String category;

    @Reference
    BundleContext bundleContext;

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    protected Object run() throws Exception {
        TreeMap<String, Integer> strategies = Registries.rankings(bundleContext, FusionStrategy.class);
        if (strategy == null) {
            list(strategies);
            return null;
        }
        if (!strategies.containsKey(strategy)) {
            throw new IllegalArgumentException("no fusion strategy '" + strategy + "'; registered: "
                    + String.join(", ", strategies.keySet()));
        }
        List<String> targets = category != null ? List.of(category)
                : CategoryConfigurations.names(configurationAdmin);
        if (category != null && !CategoryConfigurations.names(configurationAdmin).contains(category)) {
            throw new IllegalArgumentException("unknown category '" + category + "'");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no categories configured (clipfusion:category-set NAME ...)");
        }
        for (String target : targets) {
            CategoryConfigurations.update(configurationAdmin, target, Map.of("fusionStrategy", strategy));
        }
        System.out.println("Fusion strategy " + strategy + " selected for " + String.join(", ", targets));
        return null;
    }

    private void list(TreeMap<String, Integer> strategies) {
        int highest = strategies.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        ShellTable table = new ShellTable();
        table.emptyTableText("no fusion strategies registered");
        table.column("Strategy");
        table.column("Ranking").alignRight();
        table.column("Used by");
        for (Map.Entry<String, Integer> entry : strategies.entrySet()) {
            List<String> users = new ArrayList<>();
            if (categories != null) {
                for (CategoryInfo info : categories.categories()) {
                    boolean explicit = info.fusionStrategy().equals(entry.getKey());
                    boolean byRanking = info.fusionStrategy().isEmpty() && entry.getValue() == highest;
                    if (explicit || byRanking) {
                        users.add(info.name() + (byRanking ? " (by ranking)" : ""));
                    }
                }
            }
            table.addRow().addContent(entry.getKey(), entry.getValue(), String.join(", ", users));
        }
        table.print(System.out);
    }
}
