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

    private ImageFiles() {
    }

    /**
     * Files as given, and the images directly inside each folder (sorted by name).
     *
     * @throws IllegalArgumentException naming the first argument that does not exist
     */
    static List<Path> expand(List<String> arguments) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Paths.get(argument).toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile).filter(ImageFiles::hasImageExtension).sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + argument);
            }
        }
        return files;
    }

    static InspectionImage load(Path file) throws IOException {
        RgbImage rgb = ImageDecoder.decode(file);
        return new InspectionImage(file.getFileName().toString(), rgb.width(), rgb.height(), rgb.rgbBytes(),
                Map.of("source", file.toString()));
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
