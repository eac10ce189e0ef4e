package org.clipfusion.datasets.internal.synthetic;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.clipfusion.datasets.SyntheticSpec;
import org.clipfusion.tensor.image.MapRendering;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Writes one synthetic category in the MVTec layout. The category is built in a hidden temporary folder next to its
 * final place and renamed into place when complete, so a crash or a full disk never leaves a half-written category
 * that a reader would take for a whole one (readers skip hidden folders).
 */
public final class SyntheticCategoryWriter {
    private SyntheticCategoryWriter() {
    }

    /**
     * Writes {@code <root>/<category>} and returns it.
     *
     * @throws FileAlreadyExistsException when the category folder exists: the generator never mixes its files with
     *                                    older ones (stale images of a larger earlier run would stay and be read)
     */
    public static Path write(Path root, SyntheticSpec spec, String category) throws IOException {
        Path target = root.resolve(category);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "category folder already exists; delete it or generate into another root");
        }
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, "." + category + ".partial-");
        try {
            for (PlannedImage planned : SyntheticPlan.of(spec, category)) {
                writeImage(partial, spec, category, planned);
            }
            makeReadable(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException failure) {
            try {
                deleteTree(partial);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static void writeImage(Path folder, SyntheticSpec spec, String category, PlannedImage planned)
            throws IOException {
        if (planned.defect() == null) {
            MapRendering.writePng(SyntheticPlan.renderNormal(spec, category, planned), folder.resolve(planned.imagePath()));
            return;
        }
        DefectiveImage defective = SyntheticPlan.renderDefective(spec, category, planned);
        RgbImage image = defective.image();
        MapRendering.writePng(image, folder.resolve(planned.imagePath()));
        MapRendering.writeMaskPng(defective.mask(), image.width(), image.height(), folder.resolve(planned.maskPath()));
    }

    /**
     * Temporary files and folders are created private to their owner (0600/0700); a dataset is meant to be read by
     * other processes too (a Karaf instance under its own user), so open them to reading as a plain copy would be.
     */
    private static void makeReadable(Path folder) throws IOException {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> folders = PosixFilePermissions.fromString("rwxr-xr-x");
        Set<PosixFilePermission> files = PosixFilePermissions.fromString("rw-r--r--");
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? folders : files);
            }
        }
    }

    /** Removes what is left of a failed attempt. */
    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
