package org.clipfusion.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code clipfusion:category-set}: creates a category or changes some of its settings; unmentioned settings keep their
 * values. Values are checked here so that a typo is a clear error, not a category that silently stops working.
 */
@Service
@Command(scope = "clipfusion", name = "category-set", description = "Creates or changes a category (recipe)")
@Parsing(HelpRedirectingParser.class)
public class CategorySetCommand extends UserCommand {
    private static final List<String> THRESHOLD_MODES = List.of("none", "value", "references-fpr",
            "normal-folder-fpr");

    @Argument(index = 0, name = "name", required = true, description = "Category name, e.g. hazelnut")
    @Completion(CategoryCompleter.class)
    String name;

    @Option(name = "--object", description = "Object name used in prompts (default: the name, _ as space)")
    String objectName;

    @Option(name = "--scorers", description = "Comma-separated scorer ids (default: all registered)")
    String scorers;

    @Option(name = "--fusion", description = "Fusion strategy id (default: the highest ranked)")
    @Completion(FusionStrategyCompleter.class)
    String fusion;

    @Option(name = "--alpha", description = "α of the segmentation map, in [0, 1]")
    Double alphaSegmentation;

    @Option(name = "--alpha-cls", description = "α of the image score, in [0, 1]")
    Double alphaClassification;

    @Option(name = "--threshold-mode", description = "none, value, references-fpr or normal-folder-fpr")
    @Completion(value = StringsCompleter.class, values = {"none", "value", "references-fpr", "normal-folder-fpr"})
    String thresholdMode;

    @Option(name = "--threshold", description = "Threshold on the image score (mode value)")
    Double threshold;

    @Option(name = "--fpr", description = "Target false-positive rate (modes *-fpr), in (0, 1)")
    Double targetFalsePositiveRate;

    @Option(name = "--normal-folder", description = "Folder of known-normal images (mode normal-folder-fpr)")
    @Completion(FileCompleter.class)
    String normalFolder;

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Override
    protected Object run() throws Exception {
        CategoryConfigurations.requireValidName(name);
        Map<String, Object> changes = new LinkedHashMap<>();
        put(changes, "objectName", objectName);
        if (scorers != null) {
            changes.put("scorers", scorers.isBlank() ? new String[0] : scorers.split("\\s*,\\s*"));
        }
        put(changes, "fusionStrategy", fusion);
        changes.put("alphaSegmentation", unit(alphaSegmentation, "--alpha"));
        changes.put("alphaClassification", unit(alphaClassification, "--alpha-cls"));
        if (thresholdMode != null) {
            String mode = thresholdMode.toLowerCase(Locale.ROOT);
            if (!THRESHOLD_MODES.contains(mode)) {
                throw new IllegalArgumentException("--threshold-mode '" + thresholdMode + "' is not one of "
                        + String.join(", ", THRESHOLD_MODES));
            }
            changes.put("thresholdMode", mode);
        }
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("--threshold must be a finite number");
        }
        changes.put("threshold", threshold);
        if (targetFalsePositiveRate != null && !(targetFalsePositiveRate > 0 && targetFalsePositiveRate < 1)) {
            throw new IllegalArgumentException("--fpr must lie strictly between 0 and 1, got "
                    + targetFalsePositiveRate);
        }
        changes.put("targetFalsePositiveRate", targetFalsePositiveRate);
        put(changes, "normalImagesFolder", normalFolder);
        changes.values().removeIf(value -> value == null);
        CategoryConfigurations.update(configurationAdmin, name, changes);
        System.out.println("Category " + name + " saved" + (changes.isEmpty() ? "" : ": " + changes.keySet()));
        return null;
    }

    private static Double unit(Double value, String option) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must lie in [0, 1], got " + value);
        }
        return value;
    }

    private static void put(Map<String, Object> changes, String key, String value) {
        if (value != null) {
            changes.put(key, value);
        }
    }
}
