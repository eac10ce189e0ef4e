package org.clipfusion.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clipfusion.datasets.internal.synthetic.PlannedImage;
import org.clipfusion.datasets.internal.synthetic.SyntheticCategoryWriter;
import org.clipfusion.datasets.internal.synthetic.SyntheticPlan;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Writes small synthetic datasets in the MVTec AD layout, for tests and demonstrations without downloading a real
 * dataset. Textures ({@code synthetic_carpet}, {@code synthetic_grid}) and parts ({@code synthetic_disc},
 * {@code synthetic_tile}) vary slightly from image to image (pose, lighting, noise) but stay clearly normal; test
 * images carry one defect each ({@code scratch}, {@code spot}, {@code missing}, {@code colour}) whose mask is exact:
 * 255 on precisely the pixels the defect changed, 0 elsewhere (8-bit grey PNG). Images are 8-bit RGB PNGs.
 *
 * <p>Deterministic: the same {@link SyntheticSpec} gives the same pixels on every JVM and platform (all randomness
 * comes from {@code java.util.Random} with derived seeds, and all trigonometry from {@link StrictMath}), and
 * byte-identical files wherever the JDK compresses PNGs with the same zlib (the PNG writer adds no time stamps).
 */
public final class SyntheticDatasetGenerator {
    private SyntheticDatasetGenerator() {
    }

    /** The category names the generator knows. */
    public static List<String> knownCategories() {
        return SyntheticPlan.categoryNames();
    }

    /**
     * Writes each category of {@code spec} to {@code <root>/<category>} and returns those folders. A category appears
     * complete or not at all (it is written in a hidden folder and renamed into place).
     *
     * @throws java.nio.file.FileAlreadyExistsException when a category folder exists already
     */
    public static List<Path> generate(Path root, SyntheticSpec spec) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(spec, "spec");
        List<Path> written = new ArrayList<>();
        for (String category : spec.categories()) {
            written.add(SyntheticCategoryWriter.write(root, spec, category));
        }
        return written;
    }

    /**
     * The image {@code sampleId} (a path relative to its category folder, e.g. {@code test/scratch/000.png}) as it
     * would look without its defect: lets tests check that a mask marks exactly the changed pixels.
     */
    static RgbImage renderWithoutDefect(SyntheticSpec spec, String category, String sampleId) {
        for (PlannedImage planned : SyntheticPlan.of(spec, category)) {
            if (planned.imagePath().equals(sampleId)) {
                return SyntheticPlan.renderNormal(spec, category, planned);
            }
        }
        throw new IllegalArgumentException("no image " + sampleId + " in synthetic category " + category);
    }
}
