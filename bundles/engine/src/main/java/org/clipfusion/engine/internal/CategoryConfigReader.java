package org.clipfusion.engine.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clipfusion.api.config.ConfigLists;

/** Turns a category's raw configuration into a checked {@link CategoryDefinition}. */
final class CategoryConfigReader {
    /** The name becomes a directory under the data directory and an event topic segment: keep it plain. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");
    /** Felix FileInstall's file name of a factory configuration, {@code <factoryPid>-<name>.cfg}. */
    private static final Pattern FILE_INSTALL_NAME =
            Pattern.compile(".*[/\\\\]" + Pattern.quote(CategoryComponent.PID) + "-([^/\\\\]+)\\.(cfg|config)$");

    private CategoryConfigReader() {
    }

    /**
     * @param config     the typed view of the configuration
     * @param properties the raw component properties, for the configuration's own name when {@code name} is empty
     */
    static CategoryDefinition read(CategoryConfig config, Map<String, ?> properties) throws InvalidCategoryException {
        String name = nameOf(config, properties);
        if (name.isEmpty()) {
            throw new InvalidCategoryException("?", "name", "is empty and the configuration has no name to use");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidCategoryException(name, "name", "may hold only letters, digits, '_', '-' and '.'"
                    + " (not first)");
        }
        String objectName = config.objectName().isBlank() ? name.replace('_', ' ') : config.objectName().trim();
        double alphaSegmentation = unitInterval(name, "alphaSegmentation", config.alphaSegmentation());
        double alphaClassification = unitInterval(name, "alphaClassification", config.alphaClassification());
        ThresholdMode mode = ThresholdMode.parse(config.thresholdMode()).orElseThrow(() -> new InvalidCategoryException(
                name, "thresholdMode", "is '" + config.thresholdMode() + "'; expected one of "
                + ThresholdMode.allConfigValues()));
        double fixedThreshold = Double.NaN;
        if (mode == ThresholdMode.VALUE) {
            if (!Double.isFinite(config.threshold())) {
                throw new InvalidCategoryException(name, "threshold", "must be a finite number with"
                        + " thresholdMode=value, got " + config.threshold());
            }
            fixedThreshold = config.threshold();
        }
        double targetRate = config.targetFalsePositiveRate();
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new InvalidCategoryException(name, "targetFalsePositiveRate", "must lie strictly between 0 and 1,"
                    + " got " + targetRate);
        }
        Path folder = null;
        if (mode == ThresholdMode.NORMAL_FOLDER_FPR) {
            folder = folderOf(name, config.normalImagesFolder());
        }
        return new CategoryDefinition(name, objectName, scorerIds(name, config.scorers()),
                config.fusionStrategy().trim(), alphaSegmentation, alphaClassification, mode, fixedThreshold,
                targetRate, folder, config.seed(), config.deliverToSinks());
    }

    /** The {@code name} property, else the name of the factory configuration ({@code pid~name} or the .cfg file). */
    static String nameOf(CategoryConfig config, Map<String, ?> properties) {
        if (!config.name().isBlank()) {
            return config.name().trim();
        }
        Object pid = properties.get("service.pid");
        if (pid instanceof String text && text.startsWith(CategoryComponent.PID + "~")) {
            return text.substring(CategoryComponent.PID.length() + 1).trim();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            Matcher matcher = FILE_INSTALL_NAME.matcher(file.toString());
            if (matcher.matches()) {
                return matcher.group(1).trim();
            }
        }
        return "";
    }

    /** Scorer ids in order, without repeats, read as every list property is ({@link ConfigLists}). */
    static List<String> scorerIds(String category, String[] configured) throws InvalidCategoryException {
        try {
            return new ArrayList<>(new LinkedHashSet<>(ConfigLists.items("scorers", configured)));
        } catch (IllegalArgumentException e) {
            throw new InvalidCategoryException(category, "scorers", e.getMessage().replaceFirst("^scorers: ", ""));
        }
    }

    private static double unitInterval(String category, String property, double value)
            throws InvalidCategoryException {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidCategoryException(category, property, "must lie in [0, 1], got " + value);
        }
        return value;
    }

    private static Path folderOf(String category, String folder) throws InvalidCategoryException {
        if (folder.isBlank()) {
            throw new InvalidCategoryException(category, "normalImagesFolder", "is required with"
                    + " thresholdMode=normal-folder-fpr");
        }
        try {
            return Path.of(folder.trim());
        } catch (InvalidPathException e) {
            throw new InvalidCategoryException(category, "normalImagesFolder", "is not a valid path: "
                    + e.getMessage());
        }
    }
}
