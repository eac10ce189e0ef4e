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
            double auroc = run.get("image").get("auroc").asDouble();
            assertTrue(run.toString(), auroc >= 0 && auroc <= 1);
            assertTrue(run.get("pixel").get("aupro").isNumber());
            assertEquals(BRIGHTNESS_SCORER_ID + "-model", run.get("provenance").get("models").get(0).get("id")
                    .asText());
        }
        assertEquals(2, results.get("macro").get("I-AUROC").get("seeds").asInt());

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
}
