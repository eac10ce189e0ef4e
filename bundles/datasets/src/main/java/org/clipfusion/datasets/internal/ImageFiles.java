package org.clipfusion.datasets.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetSample;

/** Which files of a dataset folder are images, and how they are listed and named. */
public final class ImageFiles {
    /** Extensions the readers take for images, compared in lower case. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");

    private ImageFiles() {
    }

    /**
     * Whether {@code file} is taken as an image: an image extension and not hidden. Hidden files are skipped even
     * with an image extension because macOS leaves {@code ._000.png} resource forks next to copied images.
     */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        return !isHidden(file) && IMAGE_EXTENSIONS.contains(extension(name)) && Files.isRegularFile(file);
    }

    public static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    /** The image files directly in {@code folder}, sorted by name; none if the folder does not exist. */
    public static List<Path> imagesIn(Path folder) throws DatasetException {
        List<Path> images = new ArrayList<>();
        for (Path entry : entries(folder)) {
            if (isImage(entry)) {
                images.add(entry);
            }
        }
        return images;
    }

    /** The non-hidden sub-folders of {@code folder}, sorted by name; none if the folder does not exist. */
    public static List<Path> subfolders(Path folder) throws DatasetException {
        List<Path> folders = new ArrayList<>();
        for (Path entry : entries(folder)) {
            if (!isHidden(entry) && Files.isDirectory(entry)) {
                folders.add(entry);
            }
        }
        return folders;
    }

    /** The file name without its last extension: {@code "000"} for {@code 000.png}. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** {@code file} relative to {@code base} with {@code '/'} separators on every platform: a sample id. */
    public static String relativeId(Path base, Path file) {
        Path relative = base.relativize(file);
        StringBuilder id = new StringBuilder();
        for (Path part : relative) {
            if (id.length() > 0) {
                id.append('/');
            }
            id.append(part);
        }
        return id.toString();
    }

    /** Every image of {@code imageFolder} as a normal sample, its id relative to {@code categoryFolder}. */
    public static List<DatasetSample> normalSamples(Path categoryFolder, Path imageFolder) throws DatasetException {
        List<DatasetSample> samples = new ArrayList<>();
        for (Path image : imagesIn(imageFolder)) {
            samples.add(new DatasetSample(relativeId(categoryFolder, image), image, false, DatasetSample.GOOD, null));
        }
        return samples;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<Path> entries(Path folder) throws DatasetException {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new DatasetException("cannot list folder " + folder + ": " + e, e);
        }
        // Directory order differs between file systems; sorted names make every reader's output reproducible.
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return entries;
    }
}
