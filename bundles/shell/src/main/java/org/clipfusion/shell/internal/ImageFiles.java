package org.clipfusion.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;

/** Turns the shell's file and folder arguments into inspection images, through the toolkit's one decoder. */
final class ImageFiles {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff");

    /**
     * An image file and its id: its path relative to the deepest folder that holds every input, with {@code /}
     * separators ({@code crack/000.png} beside {@code good/000.png}), so that results trace back to files and two
     * inputs never share an id.
     */
    record Input(Path file, String id) {
    }

    private ImageFiles() {
    }

    /**
     * Files as given, and the images inside each folder (sorted by path): directly inside, or in every subfolder too
     * when {@code recursive}.
     *
     * @throws IllegalArgumentException naming the first argument that does not exist, or the first folder that
     *                                  holds no image (a mistyped folder must not pass as an empty, clean batch)
     */
    static List<Input> expand(List<String> arguments, boolean recursive) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Paths.get(argument).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                List<Path> found = imagesIn(path, recursive);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException("folder " + argument + " holds no images ("
                            + String.join(", ", EXTENSIONS) + ")" + subfolderHint(path, recursive));
                }
                files.addAll(found);
                roots.add(path);
            } else if (Files.isRegularFile(path)) {
                files.add(path);
                roots.add(path.getParent());
            } else {
                throw new IllegalArgumentException("no such file or folder: " + argument);
            }
        }
        Path base = commonAncestor(roots);
        List<Input> inputs = new ArrayList<>();
        for (Path file : files.stream().distinct().toList()) {
            inputs.add(new Input(file, idOf(base, file)));
        }
        return inputs;
    }

    static InspectionImage load(Input input) throws IOException {
        RgbImage rgb = ImageDecoder.decode(input.file());
        return new InspectionImage(input.id(), rgb.width(), rgb.height(), rgb.rgbBytes(),
                Map.of("source", input.file().toString()));
    }

    private static List<Path> imagesIn(Path folder, boolean recursive) throws IOException {
        try (Stream<Path> listing = recursive ? Files.walk(folder) : Files.list(folder)) {
            return listing.filter(Files::isRegularFile).filter(ImageFiles::hasImageExtension).sorted().toList();
        }
    }

    private static String subfolderHint(Path folder, boolean recursive) throws IOException {
        if (recursive) {
            return "";
        }
        try (Stream<Path> listing = Files.list(folder)) {
            long subfolders = listing.filter(Files::isDirectory).count();
            return subfolders == 0 ? "" : "; it has " + subfolders + " subfolder" + (subfolders == 1 ? "" : "s")
                    + ": add -r to include them";
        }
    }

    private static Path commonAncestor(List<Path> folders) {
        Path common = folders.get(0);
        for (Path folder : folders) {
            while (common != null && !folder.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }

    private static String idOf(Path base, Path file) {
        Path relative = base == null ? file : base.relativize(file);
        return relative.toString().replace('\\', '/');
    }

    /** Hidden files (macOS {@code ._*} resource forks among them) are never images of the batch. */
    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
