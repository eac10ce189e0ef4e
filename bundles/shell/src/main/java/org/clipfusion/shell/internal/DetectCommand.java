package org.clipfusion.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.MapRendering;
import org.clipfusion.tensor.image.RgbImage;

/**
 * {@code clipfusion:detect}: inspects images through the same {@link Detector} the plant API uses, prints one row per
 * image and, with {@code --output}, writes each fused map (16-bit PNG) and a heatmap overlay. A bad image is reported
 * in its row and the others are still inspected; the command then fails with a count.
 *
 * <p>Image ids are paths relative to the folder holding every input ({@link ImageFiles}), and the pictures mirror
 * them under the output folder, so that same-named files from different folders neither collide nor lose their
 * origin.
 */
@Service
@Command(scope = "clipfusion", name = "detect", description = "Inspects images (files or folders) under a category")
@Parsing(HelpRedirectingParser.class)
public class DetectCommand extends UserCommand {

    @Option(name = "-c", aliases = "--category", description = "Category to inspect under", required = true)
    @Completion(CategoryCompleter.class)
    String category;

    @Option(name = "-o", aliases = "--output", description = "Folder for maps and overlays (subfolders as the"
            + " images' ids)")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "-p", aliases = "--part", description = "Part or measurement id recorded with the results")
    String partId;

    @Option(name = "-r", aliases = "--recursive", description = "Include the images in subfolders of folders")
    boolean recursive;

    @Option(name = "--request-id", description = "Request id of the result (one image only; default: a random UUID)")
    String requestId;

    @Option(name = "--image-id", description = "Image id recorded with the result (one image only; default: the"
            + " file's path relative to the folder given)")
    String imageId;

    @Argument(index = 0, name = "images", description = "Image files or folders of images", required = true,
            multiValued = true)
    @Completion(FileCompleter.class)
    List<String> images;

    @Reference(optional = true)
    Detector detector;

    @Override
    protected Object run() throws Exception {
        if (detector == null) {
            throw new IllegalStateException("the detection engine is not running (see clipfusion:status)");
        }
        if (!detector.categories().contains(category)) {
            throw new IllegalArgumentException("unknown category '" + category + "'; configured: "
                    + String.join(", ", detector.categories()));
        }
        List<ImageFiles.Input> inputs = ImageFiles.expand(images, recursive);
        if (inputs.size() > 1 && (requestId != null || imageId != null)) {
            throw new IllegalArgumentException("--request-id and --image-id name one result, but " + inputs.size()
                    + " images were given");
        }
        if (imageId != null) {
            inputs = List.of(new ImageFiles.Input(inputs.get(0).file(), requireText(imageId, "--image-id")));
        }
        String request = requestId == null ? null : requireText(requestId, "--request-id");
        OutputNames names = output == null ? null : new OutputNames(Paths.get(output),
                inputs.stream().map(ImageFiles.Input::id).toList());
        ShellTable table = new ShellTable();
        table.column("Image");
        table.column("Score").alignRight();
        table.column("Decision");
        table.column("Threshold");
        table.column("Fusion");
        int failures = 0;
        for (ImageFiles.Input input : inputs) {
            try {
                InspectionImage image = ImageFiles.load(input);
                DetectionResult result = detector.detect(new DetectionRequest(request == null
                        ? UUID.randomUUID().toString() : request, partId, category, image));
                table.addRow().addContent(input.id(), String.format(Locale.ROOT, "%.4f", result.imageScore()),
                        result.decision(), describe(result), result.provenance().fusionStrategy());
                if (output != null) {
                    writePictures(image, result, names);
                }
            } catch (Exception e) {
                failures++;
                table.addRow().addContent(input.id(), "-", "ERROR", e.getMessage(), "");
            }
        }
        table.print(System.out);
        if (failures > 0) {
            throw new IllegalStateException(failures + " of " + inputs.size() + " images could not be inspected");
        }
        return null;
    }

    private static String requireText(String value, String option) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value.trim();
    }

    private static String describe(DetectionResult result) {
        return Double.isNaN(result.threshold().value()) ? "unset"
                : String.format(Locale.ROOT, "%.4f (%s)", result.threshold().value(), result.threshold().source());
    }

    private static void writePictures(InspectionImage image, DetectionResult result, OutputNames names) throws Exception {
        AnomalyMap map = result.map();
        float low = 0f;
        float high = Math.max(map.max(), Double.isNaN(result.threshold().value()) ? 0f
                : (float) result.threshold().value());
        Path map16 = names.picture(image.id(), "map");
        Files.createDirectories(map16.getParent());
        MapRendering.writeGray16(map.values(), map.width(), map.height(), low, high, map16);
        RgbImage rgb = new RgbImage(image.width(), image.height(), image.rgb());
        MapRendering.writePng(MapRendering.overlay(rgb, map.values(), map.width(), map.height(), low, high, 0.5),
                names.picture(image.id(), "overlay"));
    }
}
