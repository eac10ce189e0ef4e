package org.clipfusion.evaluation.internal;

import java.util.List;
import java.util.Locale;
import org.clipfusion.evaluation.ImageScore;

/** A run's image scores as an inline SVG histogram, normal in blue over anomalous in red: the report's figure. */
final class ScoreHistogramSvg {
    private static final int BINS = 30;
    private static final int WIDTH = 420;
    private static final int HEIGHT = 140;
    private static final int MARGIN = 20;

    private ScoreHistogramSvg() {
    }

    static String of(List<ImageScore> scores) {
        if (scores.isEmpty()) {
            return "";
        }
        double min = scores.stream().mapToDouble(ImageScore::score).min().orElseThrow();
        double max = scores.stream().mapToDouble(ImageScore::score).max().orElseThrow();
        double width = max > min ? max - min : 1;
        int[][] counts = new int[2][BINS];
        for (ImageScore score : scores) {
            int bin = (int) Math.min(BINS - 1, Math.floor((score.score() - min) / width * BINS));
            counts[score.anomalous() ? 1 : 0][bin]++;
        }
        int highest = 1;
        for (int[] row : counts) {
            for (int count : row) {
                highest = Math.max(highest, count);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" aria-label=\"image score histogram\">", WIDTH, HEIGHT + MARGIN));
        double barWidth = (WIDTH - 2.0 * MARGIN) / BINS;
        String[] colours = {"rgba(40,90,200,0.6)", "rgba(210,40,40,0.6)"};
        for (int label = 0; label < 2; label++) {
            for (int bin = 0; bin < BINS; bin++) {
                double barHeight = (double) counts[label][bin] / highest * HEIGHT;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"/>", MARGIN + bin * barWidth, HEIGHT - barHeight, barWidth, barHeight,
                        colours[label]));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.4g</text>", MARGIN,
                HEIGHT + 14, min));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.4g"
                + "</text>", WIDTH - MARGIN, HEIGHT + 14, max));
        svg.append("</svg>");
        return svg.toString();
    }
}
