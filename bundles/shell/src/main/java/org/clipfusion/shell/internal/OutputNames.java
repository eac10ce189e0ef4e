package org.clipfusion.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where {@code detect -o} writes an image's pictures: the image id's folders mirrored under the output folder, then
 * {@code <stem>_map.png} and {@code <stem>_overlay.png}. When two images of the batch share folder and stem
 * ({@code 000.png} beside {@code 000.jpg}) both keep their extension ({@code 000.png_map.png}), so no picture ever
 * overwrites another. Every segment is reduced to letters, digits, {@code . _ -}, so no id can write outside.
 */
final class OutputNames {
    private final Path folder;
    private final Map<String, String> baseById = new HashMap<>();

    OutputNames(Path folder, List<String> imageIds) {
        this.folder = folder;
        Map<String, Long> stemCounts = imageIds.stream().distinct()
                .collect(Collectors.groupingBy(OutputNames::withoutExtension, Collectors.counting()));
        for (String id : imageIds) {
            String base = withoutExtension(id);
            baseById.put(id, stemCounts.get(base) > 1 ? id : base);
        }
    }

    /** @param kind {@code map} or {@code overlay} */
    Path picture(String imageId, String kind) {
        String base = baseById.computeIfAbsent(imageId, OutputNames::withoutExtension);
        List<String> segments = new ArrayList<>(List.of(base.split("/")));
        segments.removeIf(String::isEmpty);
        Function<String, String> safe = OutputNames::safeSegment;
        Path path = folder;
        for (int i = 0; i < segments.size() - 1; i++) {
            path = path.resolve(safe.apply(segments.get(i)));
        }
        String last = segments.isEmpty() ? "image" : safe.apply(segments.get(segments.size() - 1));
        return path.resolve(last + "_" + kind + ".png");
    }

    private static String withoutExtension(String id) {
        return id.replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
    }

    /** No separators, no {@code ..}, nothing hidden. */
    private static String safeSegment(String segment) {
        String safe = segment.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.", "_");
        return safe.isEmpty() ? "_" : safe;
    }
}
