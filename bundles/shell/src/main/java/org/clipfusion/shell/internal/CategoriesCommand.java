package org.clipfusion.shell.internal;

import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;

/**
 * {@code clipfusion:categories}: the configured categories and how each is inspected, then the configurations that
 * are not applied because a value is wrong, each with its error.
 */
@Service
@Command(scope = "clipfusion", name = "categories", description = "Lists the configured categories")
@Parsing(HelpRedirectingParser.class)
public class CategoriesCommand extends UserCommand {

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    protected Object run() {
        if (categories == null) {
            throw new IllegalStateException("the detection engine is not running (see clipfusion:status)");
        }
        ShellTable table = new ShellTable();
        table.emptyTableText("no categories configured (clipfusion:category-set NAME ...)");
        for (String column : new String[] {"Category", "Object", "Scorers", "Fusion", "α seg", "α cls", "Threshold",
                "Pixel threshold", "References", "Version"}) {
            table.column(column);
        }
        for (CategoryInfo category : categories.categories()) {
            table.addRow().addContent(category.name(), category.objectName(),
                    category.scorers().isEmpty() ? "(all)" : String.join(",", category.scorers()),
                    fusion(category), category.alphaSegmentation(), category.alphaClassification(),
                    describe(category.threshold()), describe(category.pixelThreshold()),
                    category.fewShot() ? category.referenceImageIds().size() + "-shot" : "zero-shot",
                    category.version());
        }
        Map<String, String> invalid = categories.invalidCategories();
        if (!categories.categories().isEmpty() || invalid.isEmpty()) {
            table.print(System.out);
        }
        if (!invalid.isEmpty()) {
            System.out.println("Not applied (fix the configuration):");
            invalid.forEach((name, error) -> System.out.println("  " + name + ": " + error));
        }
        return null;
    }

    /** The configured strategy, else the one in force and why it is (calibrated with, or highest ranked). */
    static String fusion(CategoryInfo category) {
        if (!category.fusionStrategy().isEmpty()) {
            return category.fusionStrategy();
        }
        if (category.fusionInForce().isEmpty()) {
            return "(highest ranked)";
        }
        boolean calibrated = category.threshold().source() == ThresholdSource.REFERENCES_LEAVE_ONE_OUT
                || category.threshold().source() == ThresholdSource.NORMAL_IMAGES;
        return category.fusionInForce() + (calibrated ? " (calibrated with)" : " (highest ranked)");
    }

    /** The value and how it was set; an unset threshold with the reason, so that a lost calibration shows. */
    static String describe(Threshold threshold) {
        if (threshold.source() == ThresholdSource.UNSET) {
            return threshold.detail().isEmpty() ? "unset" : "unset: " + threshold.detail();
        }
        return String.format(Locale.ROOT, "%.4f %s", threshold.value(), threshold.detail()).trim();
    }
}
