package org.clipfusion.shell.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;

/**
 * {@code clipfusion:fit}: builds a category's few-shot memory banks from normal reference images and keeps them;
 * {@code --drop} returns the category to zero-shot. Reference ids are the files' paths relative to the folder given
 * ({@link ImageFiles}), so a fit records which files it was made from.
 */
@Service
@Command(scope = "clipfusion", name = "fit", description = "Fits a category on k normal reference images, or drops"
        + " its fit (--drop)")
@Parsing(HelpRedirectingParser.class)
public class FitCommand extends UserCommand {

    @Option(name = "-r", aliases = "--recursive", description = "Include the images in subfolders of folders")
    boolean recursive;

    @Option(name = "--drop", description = "Drop the category's fit (references and banks): it becomes zero-shot")
    boolean drop;

    @Argument(index = 0, name = "category", required = true, description = "The category to fit")
    @Completion(CategoryCompleter.class)
    String category;

    @Argument(index = 1, name = "references", multiValued = true,
            description = "Normal reference images (files or folders)")
    @Completion(FileCompleter.class)
    List<String> references;

    @Reference(optional = true)
    CategoryManager categories;

    @Override
    protected Object run() throws Exception {
        if (categories == null) {
            throw new IllegalStateException("the detection engine is not running (see clipfusion:status)");
        }
        if (categories.category(category).isEmpty()) {
            throw new IllegalArgumentException("unknown category '" + category + "'");
        }
        boolean given = references != null && !references.isEmpty();
        if (drop == given) {
            throw new IllegalArgumentException(drop ? "--drop takes no reference images"
                    : "no reference images given (or --drop to drop the category's fit)");
        }
        if (drop) {
            CategoryInfo zeroShot = categories.fit(category, List.of());
            System.out.println("Dropped the fit of " + zeroShot.name() + ": zero-shot");
            System.out.println("Threshold: " + CategoriesCommand.describe(zeroShot.threshold()));
            return null;
        }
        List<InspectionImage> images = new ArrayList<>();
        for (ImageFiles.Input input : ImageFiles.expand(references, recursive)) {
            try {
                images.add(ImageFiles.load(input));
            } catch (Exception e) {
                throw new IllegalArgumentException("reference " + input.file() + ": " + e.getMessage());
            }
        }
        CategoryInfo fitted = categories.fit(category, images);
        System.out.println("Fitted " + fitted.name() + " on " + fitted.referenceImageIds().size()
                + " references: " + String.join(", ", fitted.referenceImageIds()));
        System.out.println("Threshold: " + CategoriesCommand.describe(fitted.threshold()));
        System.out.println("Pixel threshold: " + CategoriesCommand.describe(fitted.pixelThreshold()));
        return null;
    }
}
