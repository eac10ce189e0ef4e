package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.inject.Inject;
import org.clipfusion.api.Detector;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code clipfusion:dataset-synth} then {@code clipfusion:eval} inside the distribution, with the test bundle's
 * brightness scorer as the model: two categories, 1-shot over two seeds; the JSON, CSV and HTML outputs are read back,
 * and a second run resumes instead of recomputing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EvaluationIT extends ClipFusionKarafSupport {
    private static final List<String> CATEGORIES = List.of("synthetic_disc", "synthetic_grid");

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    @Test
    public void evaluatesAGeneratedDatasetAndWritesJsonCsvAndHtml() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true));
        awaitService(org.clipfusion.api.spi.Scorer.class, "(clipfusion.id=" + BRIGHTNESS_SCORER_ID + ")");
        configureCategory(configurationAdmin, "line7", Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID}));
        Detector detector = awaitService(Detector.class, null);
        awaitCondition("category line7", () -> detector.categories().contains("line7"));
        Path work = Files.createTempDirectory("clipfusion-eval-it");
        Path data = work.resolve("synthetic");
        Path out = work.resolve("results");

        String generated = executeCommand("clipfusion:dataset-synth -c " + String.join(",", CATEGORIES)
                + " --size 64 --train 4 --good 4 --defective 4 --seed 3 " + data);
        assertTrue(generated, generated.contains("Wrote 2 categories"));

        String evaluated = executeCommand("clipfusion:eval -k 1 -s 0,1 -t line7 -o " + out + " " + data);
        assertTrue(evaluated, evaluated.contains("synthetic_disc (seed 1): 8 test images, references "));
        assertTrue(evaluated, evaluated.matches("(?s).*synthetic_grid: image 8 of 8, .* images/s, ETA .*"));
        assertTrue(evaluated, evaluated.matches("(?s).*Category\\s*\\|\\s*I-AUROC.*P-AUPRO.*synthetic_grid.*mean.*"));

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(4, results.get("runs").size());
        for (JsonNode run : results.get("runs")) {
            assertTrue(run.toString(), run.get("failure").isNull());
            assertEquals(1, run.get("references").size());
            assertEquals(8, run.get("images").asInt());
            assertImageMetricsMatchTheScores(run);
            // Pixel metrics at each mask's own resolution: every pixel of the 8 test images counted once, the
            // anomalous ones exactly those the generator's masks mark.
            long anomalousPixels = maskPixels(data.resolve(run.get("category").asText()));
            assertEquals(run.toString(), anomalousPixels, run.get("pixel").get("anomalousPixels").asLong());
            assertEquals(run.toString(), 8L * 64 * 64 - anomalousPixels, run.get("pixel").get("normalPixels").asLong());
            assertTrue(run.get("pixel").get("aupro").isNumber());
            assertEquals(BRIGHTNESS_SCORER_ID + "-model", run.get("provenance").get("models").get(0).get("id")
                    .asText());
        }
        assertEquals(2, results.get("macro").get("I-AUROC").get("seeds").asInt());
        assertTrue("the brightness scorer finds the synthetic defects better than chance: " + results.get("macro"),
                results.get("macro").get("I-AUROC").get("mean").asDouble() > 0.5);

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 4 + 2 * 2 + 2, csv.size());
        assertTrue(csv.get(1).startsWith("synthetic_disc,0,1,8,4,0,"));

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        Matcher overlays = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (overlays.find()) {
            assertEquals(64, ImageIO.read(out.resolve(overlays.group(1)).toFile()).getWidth());
            count++;
        }
        assertTrue("gallery of every run: " + count, count >= 4 * 2);
        assertTrue(html.contains("<svg"));

        String resumed = executeCommand("clipfusion:eval -k 1 -s 0,1 -t line7 -o " + out + " " + data);
        assertTrue(resumed, resumed.contains("synthetic_grid (seed 1): finished earlier"));
        assertFalse(resumed, resumed.contains("test images, references"));
        awaitCondition("evaluation categories removed",
                () -> detector.categories().stream().noneMatch(name -> name.startsWith("eval.")));
        // Temporary categories: never in ConfigAdmin (a crash would leave them), and no fit left on disk.
        assertEquals(null, configurationAdmin.listConfigurations("(name=eval.*)"));
        Path banks = Path.of(System.getProperty("karaf.data"), "clipfusion", "banks");
        if (Files.isDirectory(banks)) {
            try (var folders = Files.list(banks)) {
                List<String> left = folders.map(folder -> folder.getFileName().toString())
                        .filter(name -> name.startsWith("eval.")).toList();
                assertEquals(List.of(), left);
            }
        }
    }

    /**
     * Image AUROC and AP recomputed here from the run's own image scores and labels (pairwise counting; sklearn's
     * step-wise AP), so that a metric that ranked the wrong way, ignored ties or mixed up labels fails; and the labels
     * are the dataset's: 4 of the 8 test images defective.
     */
    private static void assertImageMetricsMatchTheScores(JsonNode run) {
        List<double[]> scores = new java.util.ArrayList<>();
        for (JsonNode score : run.get("scores")) {
            scores.add(new double[] {score.get("score").asDouble(), score.get("anomalous").asBoolean() ? 1 : 0});
        }
        assertEquals(run.toString(), 8, scores.size());
        assertEquals(run.toString(), 4, scores.stream().filter(s -> s[1] == 1).count());
        double pairs = 0;
        double wins = 0;
        for (double[] anomalous : scores) {
            for (double[] normal : scores) {
                if (anomalous[1] == 1 && normal[1] == 0) {
                    pairs++;
                    wins += anomalous[0] > normal[0] ? 1 : anomalous[0] == normal[0] ? 0.5 : 0;
                }
            }
        }
        assertEquals(run.toString(), wins / pairs, run.get("image").get("auroc").asDouble(), 1e-12);
        double ap = 0;
        for (double[] positive : scores) {
            if (positive[1] == 1) {
                long predicted = scores.stream().filter(s -> s[0] >= positive[0]).count();
                long truePositives = scores.stream().filter(s -> s[0] >= positive[0] && s[1] == 1).count();
                ap += (double) truePositives / predicted / 4;
            }
        }
        assertEquals(run.toString(), ap, run.get("image").get("averagePrecision").asDouble(), 1e-12);
    }

    /** Non-zero pixels of a category's ground-truth masks, read straight from the generated PNGs. */
    private static long maskPixels(Path category) throws java.io.IOException {
        long count = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(category.resolve("ground_truth"))) {
            for (Path mask : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".png"))::iterator) {
                java.awt.image.Raster raster = ImageIO.read(mask.toFile()).getRaster();
                for (int y = 0; y < raster.getHeight(); y++) {
                    for (int x = 0; x < raster.getWidth(); x++) {
                        count += raster.getSample(x, y, 0) != 0 ? 1 : 0;
                    }
                }
            }
        }
        return count;
    }
}
