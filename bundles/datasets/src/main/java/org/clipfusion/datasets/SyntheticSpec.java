package org.clipfusion.datasets;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.clipfusion.datasets.internal.synthetic.SyntheticPlan;

/**
 * What {@link SyntheticDatasetGenerator} writes.
 *
 * @param categories    the categories, each a name of {@link SyntheticDatasetGenerator#knownCategories()}
 * @param imageSize     width and height of every image in pixels, 32 to 1024
 * @param trainGood     normal images in {@code train/good} per category
 * @param testGood      normal images in {@code test/good} per category
 * @param testDefective defective test images per category, spread over the defect types in turn
 *                      ({@code scratch}, {@code spot}, {@code missing}, {@code colour})
 * @param seed          decides every pixel: the same spec writes the same images (byte-identical files on one JDK)
 */
public record SyntheticSpec(List<String> categories, int imageSize, int trainGood, int testGood, int testDefective,
                            long seed) {
    public static final int MIN_IMAGE_SIZE = 32;
    public static final int MAX_IMAGE_SIZE = 1024;
    /** Most images of one kind per category: keeps a mistyped count from filling the disk. */
    public static final int MAX_IMAGES = 10_000;

    public SyntheticSpec {
        Objects.requireNonNull(categories, "categories");
        categories = List.copyOf(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a synthetic dataset needs at least one category; known: "
                    + String.join(", ", SyntheticPlan.categoryNames()));
        }
        if (new HashSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException("categories repeat: " + categories);
        }
        categories.forEach(SyntheticPlan::requireKnown);
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("imageSize must be " + MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE
                    + " pixels, got " + imageSize);
        }
        requireCount("trainGood", trainGood);
        requireCount("testGood", testGood);
        requireCount("testDefective", testDefective);
        if (testGood + testDefective == 0) {
            throw new IllegalArgumentException("testGood and testDefective are both 0: a category needs test images");
        }
    }

    /**
     * Every known category at 128×128 pixels, 16 train images, 8 normal and 12 defective test images (3 per defect
     * type), seed 0: small enough to generate in seconds, large enough for stable metrics.
     */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(SyntheticPlan.categoryNames(), 128, 16, 8, 12, 0);
    }

    private static void requireCount(String name, int count) {
        if (count < 0 || count > MAX_IMAGES) {
            throw new IllegalArgumentException(name + " must be 0 to " + MAX_IMAGES + ", got " + count);
        }
    }
}
