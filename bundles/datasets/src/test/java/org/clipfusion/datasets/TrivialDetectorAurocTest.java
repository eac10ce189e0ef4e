package org.clipfusion.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.api.InspectionImage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synthetic defects must be plainly visible: a detector that knows nothing but the per-pixel mean and spread of
 * the train images separates defective from normal test images.
 */
class TrivialDetectorAurocTest {
    @TempDir
    Path root;

    static List<String> categories() {
        return SyntheticDatasetGenerator.knownCategories();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categories")
    void aTrivialDetectorSeparatesDefectiveFromNormalImages(String name) throws IOException, DatasetException {
        SyntheticSpec spec = new SyntheticSpec(List.of(name), 64, 12, 12, 16, 7);
        SyntheticDatasetGenerator.generate(root, spec);
        DatasetCategory category = Datasets.open(root, DatasetLayout.MVTEC).category(name);

        PixelStatistics normal = PixelStatistics.of(category.train());
        List<DatasetSample> test = category.test();
        double[] scores = new double[test.size()];
        boolean[] labels = new boolean[test.size()];
        for (int i = 0; i < test.size(); i++) {
            scores[i] = normal.anomalyScore(SampleImages.loadImage(test.get(i)));
            labels[i] = test.get(i).anomalous();
        }

        double auroc = auroc(scores, labels);
        StringBuilder scored = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            scored.append(String.format("%n  %-24s %.2f", test.get(i).id(), scores[i]));
        }
        assertTrue(auroc > 0.9, name + ": image AUROC " + auroc + " of a per-pixel z-score detector; scores:" + scored);
    }

    /** Probability that a random anomalous image outscores a random normal one, ties counting half. */
    private static double auroc(double[] scores, boolean[] anomalous) {
        double wins = 0;
        int pairs = 0;
        for (int a = 0; a < scores.length; a++) {
            for (int n = 0; n < scores.length; n++) {
                if (anomalous[a] && !anomalous[n]) {
                    pairs++;
                    wins += scores[a] > scores[n] ? 1 : scores[a] == scores[n] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** Per-pixel, per-channel mean and standard deviation of normal images. */
    private record PixelStatistics(int width, int height, double[] mean, double[] spread) {
        static PixelStatistics of(List<DatasetSample> train) throws DatasetException {
            InspectionImage first = SampleImages.loadImage(train.get(0));
            int values = 3 * first.width() * first.height();
            double[] sum = new double[values];
            double[] squares = new double[values];
            for (DatasetSample sample : train) {
                byte[] rgb = SampleImages.loadImage(sample).rgb();
                for (int i = 0; i < values; i++) {
                    double v = rgb[i] & 0xFF;
                    sum[i] += v;
                    squares[i] += v * v;
                }
            }
            double[] mean = new double[values];
            double[] spread = new double[values];
            for (int i = 0; i < values; i++) {
                mean[i] = sum[i] / train.size();
                spread[i] = Math.sqrt(Math.max(0, squares[i] / train.size() - mean[i] * mean[i]));
            }
            return new PixelStatistics(first.width(), first.height(), mean, spread);
        }

        /** The largest 3×3-averaged z-score: one deviating pixel is noise, a deviating patch is a defect. */
        double anomalyScore(InspectionImage image) {
            byte[] rgb = image.rgb();
            double[] z = new double[width * height];
            for (int p = 0; p < z.length; p++) {
                for (int c = 0; c < 3; c++) {
                    // The floor keeps flat regions (tiny spread) from turning sensor noise into huge scores.
                    z[p] += Math.abs((rgb[3 * p + c] & 0xFF) - mean[3 * p + c]) / (spread[3 * p + c] + 4);
                }
            }
            double best = 0;
            for (int y = 1; y < height - 1; y++) {
                for (int x = 1; x < width - 1; x++) {
                    double patch = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            patch += z[(y + dy) * width + x + dx];
                        }
                    }
                    best = Math.max(best, patch / 9);
                }
            }
            return best;
        }
    }
}
