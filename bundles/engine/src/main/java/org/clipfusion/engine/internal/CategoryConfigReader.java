package org.clipfusion.engine.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.config.ConfigLists;
import org.clipfusion.engine.CategoryNames;

/** Turns a category's raw configuration into a checked {@link CategoryDefinition}. */
final class CategoryConfigReader {
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
        Optional<String> problem = CategoryNames.problem(name);
        if (problem.isPresent()) {
            throw new InvalidCategoryException(name, "name", problem.get() + "; the object's name in prompts is"
                    + " the objectName property");
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
        PixelThresholdSettings pixel = pixelThreshold(name, config, mode);
        Path folder = null;
        if (mode == ThresholdMode.NORMAL_FOLDER_FPR || pixel.mode() == ThresholdMode.NORMAL_FOLDER_FPR) {
            folder = folderOf(name, config.normalImagesFolder());
        }
        MapScaling scaling = MapScaling.parse(config.mapScaling()).orElseThrow(() -> new InvalidCategoryException(
                name, "mapScaling", "is '" + config.mapScaling() + "'; expected one of "
                + MapScaling.allConfigValues()));
        return new CategoryDefinition(name, objectName, scorerIds(name, config.scorers()),
                config.fusionStrategy().trim(), alphaSegmentation, alphaClassification, mode, fixedThreshold,
                targetRate, folder, config.seed(), config.deliverToSinks(), pixel, scaling,
                mapRoles(name, config.maps()));
    }

    /** The pixel threshold settings; an empty mode follows a calibrated {@code thresholdMode}, else none. */
    static PixelThresholdSettings pixelThreshold(String name, CategoryConfig config, ThresholdMode imageMode)
            throws InvalidCategoryException {
        ThresholdMode mode;
        if (config.pixelThresholdMode() == null || config.pixelThresholdMode().isBlank()) {
            mode = imageMode.calibrated() ? imageMode : ThresholdMode.NONE;
        } else {
            mode = ThresholdMode.parse(config.pixelThresholdMode()).orElseThrow(() -> new InvalidCategoryException(
                    name, "pixelThresholdMode", "is '" + config.pixelThresholdMode() + "'; expected one of "
                    + ThresholdMode.allConfigValues()));
        }
        double value = Double.NaN;
        if (mode == ThresholdMode.VALUE) {
            if (!Double.isFinite(config.pixelThreshold())) {
                throw new InvalidCategoryException(name, "pixelThreshold", "must be a finite number with"
                        + " pixelThresholdMode=value, got " + config.pixelThreshold());
            }
            value = config.pixelThreshold();
        }
        double rate = config.pixelTargetFalsePositiveRate();
        if (!(rate > 0 && rate < 1)) {
            throw new InvalidCategoryException(name, "pixelTargetFalsePositiveRate", "must lie strictly between 0"
                    + " and 1, got " + rate);
        }
        return new PixelThresholdSettings(mode, value, rate);
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

    /** The {@code maps} property: map role names, any case. */
    static Set<MapRole> mapRoles(String category, String[] configured) throws InvalidCategoryException {
        Set<MapRole> roles = EnumSet.noneOf(MapRole.class);
        try {
            for (String item : ConfigLists.items("maps", configured)) {
                try {
                    MapRole role = MapRole.valueOf(item.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
                    if (role == MapRole.FUSED) {
                        throw new IllegalArgumentException();
                    }
                    roles.add(role);
                } catch (IllegalArgumentException e) {
                    throw new InvalidCategoryException(category, "maps", "names '" + item + "', not a map role; "
                            + "expected clip_language, clip_vision, diffusion_language, diffusion_vision or other");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidCategoryException(category, "maps", e.getMessage().replaceFirst("^maps: ", ""));
        }
        return roles;
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
