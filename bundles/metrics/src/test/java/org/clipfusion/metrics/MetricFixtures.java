package org.clipfusion.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The reference values written by {@code src/test/python/make_metric_fixtures.py} with sklearn 1.2.1 and skimage
 * 0.19.3, read from the test classpath.
 */
final class MetricFixtures {

    /** One set of image scores and labels with sklearn's metrics of it. */
    record ImageCase(String name, double[] scores, boolean[] labels, Double auroc, double ap, double f1Max,
                     double f1Threshold) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One anomaly map with its ground-truth mask. */
    record PixelImage(int width, int height, float[] scores, boolean[] mask) {
        ScoreMap map() {
            return new ScoreMap(scores, width, height);
        }

        GroundTruthMask groundTruth() {
            return new GroundTruthMask(mask, width, height);
        }

    }

    /** A category of images with the exact pixel metrics of all of them. */
    record PixelCase(String name, List<PixelImage> images, int regions8Connected, int regions4Connected,
                     Double auroc, double f1Max, double f1Threshold, Double aupro) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Parsed once per test run: several tests walk all pixel cases. */
    private static final class Loaded {
        static final List<ImageCase> IMAGE_CASES =
                cases("image_cases.json").stream().map(MetricFixtures::imageCase).toList();
        static final List<PixelCase> PIXEL_CASES =
                cases("pixel_cases.json").stream().map(MetricFixtures::pixelCase).toList();
    }

    private MetricFixtures() {
    }

    static List<ImageCase> imageCases() {
        return Loaded.IMAGE_CASES;
    }

    static List<PixelCase> pixelCases() {
        return Loaded.PIXEL_CASES;
    }

    static PixelCase pixelCase(String name) {
        return pixelCases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pixel case " + name));
    }

    /**
     * The pixel AP of a pixel case: sklearn's average_precision_score over the pooled pixels, from an independent
     * numpy implementation of its definition checked against sklearn's own image-level values
     * (src/test/python/pixel_ap_reference.py).
     */
    static double pixelAveragePrecision(String name) {
        return cases("pixel_ap.json").stream().filter(c -> c.get("name").equals(name))
                .map(c -> (Double) c.get("pixel_ap")).findFirst()
                .orElseThrow(() -> new IllegalStateException("pixel_ap.json has no case " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String file) {
        String resource = "/metrics/" + file;
        try (InputStream in = MetricFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Map<String, Object> root = (Map<String, Object>) MiniJson.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ImageCase imageCase(Map<String, Object> json) {
        List<Object> scores = (List<Object>) json.get("scores");
        List<Object> labels = (List<Object>) json.get("labels");
        double[] scoreArray = new double[scores.size()];
        boolean[] labelArray = new boolean[labels.size()];
        for (int i = 0; i < scoreArray.length; i++) {
            scoreArray[i] = (Double) scores.get(i);
            labelArray[i] = (Boolean) labels.get(i);
        }
        return new ImageCase((String) json.get("name"), scoreArray, labelArray, (Double) json.get("auroc"),
                (Double) json.get("ap"), (Double) json.get("f1_max"), (Double) json.get("f1_threshold"));
    }

    @SuppressWarnings("unchecked")
    private static PixelCase pixelCase(Map<String, Object> json) {
        List<PixelImage> images = ((List<Object>) json.get("images")).stream()
                .map(image -> pixelImage((Map<String, Object>) image)).toList();
        return new PixelCase((String) json.get("name"), images,
                ((Double) json.get("regions_8_connected")).intValue(),
                ((Double) json.get("regions_4_connected")).intValue(),
                (Double) json.get("auroc"), (Double) json.get("f1_max"), (Double) json.get("f1_threshold"),
                (Double) json.get("aupro"));
    }

    @SuppressWarnings("unchecked")
    private static PixelImage pixelImage(Map<String, Object> json) {
        int width = ((Double) json.get("width")).intValue();
        int height = ((Double) json.get("height")).intValue();
        List<Object> scoreTexts = (List<Object>) json.get("scores");
        List<Object> rows = (List<Object>) json.get("mask");
        float[] scores = new float[width * height];
        boolean[] mask = new boolean[width * height];
        for (int i = 0; i < scores.length; i++) {
            // Written as the shortest decimal of each float32, which parseFloat turns back into that float.
            scores[i] = Float.parseFloat((String) scoreTexts.get(i));
            mask[i] = ((String) rows.get(i / width)).charAt(i % width) == '1';
        }
        return new PixelImage(width, height, scores, mask);
    }
}
