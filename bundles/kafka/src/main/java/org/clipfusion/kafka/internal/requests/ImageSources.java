package org.clipfusion.kafka.internal.requests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads images that requests reference by URI. Only {@code file:} URIs under one of the configured roots are read: a
 * request must not make a node read arbitrary files (its keys, its configuration). Symbolic links are resolved before
 * the check.
 */
final class ImageSources {
    private final List<Path> roots;
    private final long maxBytes;

    ImageSources(List<Path> roots, long maxBytes) {
        this.roots = roots.stream().map(ImageSources::real).toList();
        this.maxBytes = maxBytes;
    }

    private static Path real(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize(); // not there yet: nothing under it can be read either
        }
    }

    /**
     * @throws InvalidRequestException when the URI may not or cannot be read (a file that is missing now stays
     *                                 missing as far as this request is concerned)
     * @throws IOException             when reading failed for a reason that may pass (I/O error)
     */
    byte[] read(InspectionRequestRecord request) throws InvalidRequestException, IOException {
        if (!"file".equalsIgnoreCase(request.imageUri().getScheme())) {
            throw new InvalidRequestException("request '" + request.requestId() + "': imageUri '"
                    + request.imageUri() + "' is not a file: URI (the only kind a node reads)");
        }
        if (roots.isEmpty()) {
            throw new InvalidRequestException("request '" + request.requestId() + "': imageUri given, but this node"
                    + " reads no image files (set imageRoots in etc/org.clipfusion.kafka.cfg)");
        }
        Path file;
        try {
            file = Path.of(request.imageUri()).toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("request '" + request.requestId() + "': no such image file "
                    + request.imageUri());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("request '" + request.requestId() + "': imageUri '"
                    + request.imageUri() + "' is not a file path (" + e.getMessage() + ")");
        }
        if (roots.stream().noneMatch(file::startsWith)) {
            throw new InvalidRequestException("request '" + request.requestId() + "': " + file
                    + " is outside the imageRoots " + roots);
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new InvalidRequestException("request '" + request.requestId() + "': " + file + " has " + size
                    + " bytes, more than maxImageBytes (" + maxBytes + ")");
        }
        return Files.readAllBytes(file);
    }
}
