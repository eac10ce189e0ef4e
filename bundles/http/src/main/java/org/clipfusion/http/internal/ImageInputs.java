package org.clipfusion.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.servlet.ServletException;
import javax.servlet.http.Part;

import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.ImageDecodeException;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Images arriving over HTTP, decoded by the toolkit's one decoder (the same as the shell's): uploaded as multipart
 * file parts or as a raw {@code image/*} body, or named by a server path inside a configured root folder (never
 * anywhere else: the API must not become a way to read the server's files).
 */
final class ImageInputs {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff");
    private final List<Path> allowedRoots;

    ImageInputs(String[] allowedRoots) {
        List<Path> roots = new ArrayList<>();
        for (String root : allowedRoots) {
            if (root != null && !root.isBlank()) {
                roots.add(Paths.get(root.trim()).toAbsolutePath().normalize());
            }
        }
        this.allowedRoots = List.copyOf(roots);
    }

    static InspectionImage decode(byte[] bytes, String imageId, String what) throws ApiException {
        if (bytes.length == 0) {
            throw ApiException.badRequest("image_missing", what + " is empty");
        }
        try {
            RgbImage rgb = ImageDecoder.decode(bytes, imageId);
            return new InspectionImage(imageId, rgb.width(), rgb.height(), rgb.rgbBytes(), Map.of());
        } catch (ImageDecodeException | RuntimeException e) {
            throw ApiException.badRequest("image_undecodable", what + " ('" + imageId + "') cannot be decoded as "
                    + "PNG, JPEG, BMP or TIFF: " + e.getMessage());
        }
    }

    /** Every file part of a multipart request (any field name), in order. */
    static List<Part> fileParts(ApiCall call) throws ApiException, IOException {
        Collection<Part> parts = parts(call);
        List<Part> files = new ArrayList<>();
        for (Part part : parts) {
            if (part.getSubmittedFileName() != null) {
                files.add(part);
            }
        }
        return files;
    }

    /** A plain (non-file) form field of a multipart request. */
    static String field(ApiCall call, String name) throws ApiException, IOException {
        for (Part part : parts(call)) {
            if (part.getName().equals(name) && part.getSubmittedFileName() == null) {
                try (InputStream in = part.getInputStream()) {
                    String value = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8).trim();
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return call.query(name).orElse(null);
    }

    static byte[] read(ApiCall call, Part part) throws ApiException, IOException {
        if (part.getSize() > call.maxBodyBytes()) {
            throw call.tooLarge(part.getSize());
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static Collection<Part> parts(ApiCall call) throws ApiException, IOException {
        if (!call.contentType().equals("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type", "expected multipart/form-data");
        }
        long declared = call.request.getContentLengthLong();
        if (declared > call.maxBodyBytes()) {
            throw call.tooLarge(declared);
        }
        try {
            return call.request.getParts();
        } catch (IllegalStateException e) {
            throw call.tooLarge(declared); // the container's multipart limits
        } catch (ServletException e) {
            throw ApiException.badRequest("malformed_multipart", "the multipart body cannot be parsed: "
                    + e.getMessage());
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("exceed")) {
                throw call.tooLarge(declared);
            }
            throw ApiException.badRequest("malformed_multipart", "the multipart body cannot be read: "
                    + e.getMessage());
        }
    }

    /**
     * A server path (a file, or for fits a folder of images) inside one of the allowed roots.
     *
     * @throws ApiException naming the path when paths are not enabled, it lies outside the roots or does not exist
     */
    List<Path> resolve(String path, boolean foldersAllowed) throws ApiException, IOException {
        if (allowedRoots.isEmpty()) {
            throw new ApiException(403, "paths_disabled", "path '" + path + "': reading server paths is disabled "
                    + "(set allowedImageRoots in etc/org.clipfusion.http.cfg), upload the image instead");
        }
        Path resolved = Paths.get(path).toAbsolutePath().normalize();
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException e) {
            throw ApiException.notFound("path_not_found", "path '" + path + "' does not exist");
        }
        boolean inside = false;
        for (Path root : allowedRoots) {
            Path realRoot = Files.exists(root) ? root.toRealPath() : root;
            inside |= real.startsWith(realRoot);
        }
        if (!inside) {
            throw new ApiException(403, "path_not_allowed", "path '" + path + "' is outside allowedImageRoots "
                    + allowedRoots);
        }
        if (Files.isDirectory(real)) {
            if (!foldersAllowed) {
                throw ApiException.badRequest("path_is_folder", "path '" + path + "' is a folder, not an image");
            }
            try (Stream<Path> listing = Files.list(real)) {
                return listing.filter(Files::isRegularFile).filter(ImageInputs::hasImageExtension).sorted()
                        .toList();
            }
        }
        return List.of(real);
    }

    static InspectionImage load(Path file, String imageId) throws ApiException, IOException {
        return decode(Files.readAllBytes(file), imageId, "image file " + file);
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
