package org.clipfusion.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;

/** {@code clipfusion:fit}: builds a category's few-shot memory banks from normal reference images and keeps them. */
@Service
@Command(scope = "clipfusion", name = "fit", description = "Fits a category on k normal reference images")
public class FitCommand implements Action {

    @Argument(index = 0, name = "category", required = true, description = "The category to fit")
    @Completion(CategoryCompleter.class)
    String category;

    @Argument(index = 1, name = "references", required = true, multiValued = true,
            description = "Normal reference images (files or folders)")
    @Completion(FileCompleter.class)
    List<String> references;

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    public Object execute() throws Exception {
        if (categories == null) {
            throw new IllegalStateException("the detection engine is not running (see clipfusion:status)");
        }
        if (categories.category(category).isEmpty()) {
            throw new IllegalArgumentException("unknown category '" + category + "'");
        }
        List<InspectionImage> images = new ArrayList<>();
        for (Path file : ImageFiles.expand(references)) {
            try {
                images.add(ImageFiles.load(file));
            } catch (Exception e) {
                throw new IllegalArgumentException("reference " + file + ": " + e.getMessage());
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no reference images found in " + String.join(" ", references));
        }
        CategoryInfo fitted = categories.fit(category, images);
        System.out.println("Fitted " + fitted.name() + " on " + fitted.referenceImageIds().size()
                + " references: " + String.join(", ", fitted.referenceImageIds()));
        System.out.println("Threshold: " + CategoriesCommand.describe(fitted.threshold()));
        System.out.println("Pixel threshold: " + CategoriesCommand.describe(fitted.pixelThreshold()));
        return null;
    }
}
