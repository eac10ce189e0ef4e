package org.clipfusion.datasets.internal.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.clipfusion.datasets.SyntheticSpec;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Which images a synthetic category has and how each is rendered. Every image's seeds are derived from the spec seed,
 * the category name ({@link String#hashCode}, which Java specifies) and the image's position alone, so images do not
 * depend on each other and the same spec gives the same pixels on every JVM. Defective test images cycle through
 * {@link DefectType}s in declaration order.
 */
public final class SyntheticPlan {
    private static final long TRAIN = 1;
    private static final long TEST_GOOD = 2;
    private static final long TEST_DEFECTIVE = 3;
    private static final long CATEGORY = 4;
    private static final long DEFECT = 5;

    private SyntheticPlan() {
    }

    public static List<String> categoryNames() {
        return SceneKinds.names();
    }

    /** @throws IllegalArgumentException for an unknown name, listing the known ones */
    public static void requireKnown(String category) {
        SceneKinds.named(category);
    }

    public static List<PlannedImage> of(SyntheticSpec spec, String category) {
        long base = SeedMixer.mix(spec.seed(), category.hashCode());
        List<PlannedImage> images = new ArrayList<>();
        for (int i = 0; i < spec.trainGood(); i++) {
            images.add(normal("train/good/" + number(i, spec.trainGood()) + ".png", SeedMixer.mix(base, TRAIN, i)));
        }
        for (int i = 0; i < spec.testGood(); i++) {
            images.add(normal("test/good/" + number(i, spec.testGood()) + ".png", SeedMixer.mix(base, TEST_GOOD, i)));
        }
        DefectType[] types = DefectType.values();
        for (int i = 0; i < spec.testDefective(); i++) {
            DefectType type = types[i % types.length];
            String stem = number(i / types.length, spec.testDefective());
            long sceneSeed = SeedMixer.mix(base, TEST_DEFECTIVE, i);
            images.add(new PlannedImage("test/" + type.folderName() + "/" + stem + ".png",
                    "ground_truth/" + type.folderName() + "/" + stem + "_mask.png", type, sceneSeed,
                    SeedMixer.mix(sceneSeed, DEFECT)));
        }
        return images;
    }

    /** The image as it would be without its defect (the image itself for a normal one). */
    public static RgbImage renderNormal(SyntheticSpec spec, String category, PlannedImage planned) {
        return scene(spec, category, planned).image();
    }

    /** The defective image and its exact mask; only for planned images with a defect. */
    public static DefectiveImage renderDefective(SyntheticSpec spec, String category, PlannedImage planned) {
        if (planned.defect() == null) {
            throw new IllegalArgumentException(planned.imagePath() + " is a normal image, it has no defect");
        }
        return DefectPainter.paint(scene(spec, category, planned), planned.defect(),
                new Random(planned.defectSeed()));
    }

    private static Scene scene(SyntheticSpec spec, String category, PlannedImage planned) {
        long categorySeed = SeedMixer.mix(spec.seed(), category.hashCode(), CATEGORY);
        return SceneKinds.named(category).render(spec.imageSize(), categorySeed, new Random(planned.sceneSeed()));
    }

    private static PlannedImage normal(String path, long sceneSeed) {
        return new PlannedImage(path, null, null, sceneSeed, 0);
    }

    /** Zero-padded to at least three digits, and to as many as the largest number needs, so names sort by number. */
    private static String number(int index, int count) {
        int digits = Math.max(3, Integer.toString(Math.max(0, count - 1)).length());
        return String.format("%0" + digits + "d", index);
    }
}
