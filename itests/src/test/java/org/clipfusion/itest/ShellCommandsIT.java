package org.clipfusion.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.inject.Inject;
import org.clipfusion.api.Detector;
import org.clipfusion.engine.CategoryManager;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Every clipfusion command through the shell, with the test bundle's brightness scorer standing in for a model: the
 * happy paths, and bad arguments giving one clear line (and a failing status) instead of a stack trace.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends ClipFusionKarafSupport {

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    @Test
    public void categorySetCategoriesDetectFitFusionAndModels() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true));
        awaitService(org.clipfusion.api.spi.Scorer.class, "(clipfusion.id=" + BRIGHTNESS_SCORER_ID + ")");
        Path work = Files.createTempDirectory("clipfusion-shell-it");
        Path good = ItestImages.png(work.resolve("good"), "good_1.png", 100, false);
        ItestImages.png(work.resolve("good"), "good_2.png", 104, false);
        Path bad = ItestImages.png(work.resolve("test"), "bad_1.png", 100, true);

        String saved = executeCommand("clipfusion:category-set --scorers " + BRIGHTNESS_SCORER_ID
                + " --threshold-mode value --threshold 0.2 widget");
        assertTrue(saved, saved.contains("Category widget saved"));
        CategoryManager categories = awaitService(CategoryManager.class, null);
        awaitCondition("category widget", () -> categories.category("widget").isPresent());

        String listing = executeCommand("clipfusion:categories");
        assertTrue(listing, listing.matches("(?s).*widget\\s*\\|\\s*widget\\s*\\|\\s*" + BRIGHTNESS_SCORER_ID
                + ".*zero-shot.*"));

        String detected = executeCommand("clipfusion:detect -c widget -o " + work.resolve("out") + " " + bad + " "
                + good);
        // Ids are paths relative to the folder holding every input; the pictures mirror them.
        assertTrue(detected, detected.matches("(?s).*test/bad_1.png.*ANOMALOUS.*"));
        assertTrue(detected, detected.matches("(?s).*good/good_1.png.*ANOMALOUS.*")); // zero-shot: 0.39 > 0.2
        assertTrue(Files.size(work.resolve("out/test/bad_1_map.png")) > 0);
        assertTrue(Files.size(work.resolve("out/test/bad_1_overlay.png")) > 0);

        String fitted = executeCommand("clipfusion:fit widget " + work.resolve("good"));
        assertTrue(fitted, fitted.contains("Fitted widget on 2 references: good_1.png, good_2.png"));
        String afterFit = executeCommand("clipfusion:detect -c widget " + work.resolve("good") + " " + bad);
        assertTrue(afterFit, afterFit.matches("(?s).*good_1.png[^\\n]*NORMAL.*"));
        assertTrue(afterFit, afterFit.matches("(?s).*bad_1.png[^\\n]*ANOMALOUS.*"));
        assertTrue(executeCommand("clipfusion:categories").contains("2-shot"));

        String strategies = executeCommand("clipfusion:fusion");
        assertTrue(strategies, strategies.matches("(?s).*weighted-sum\\s*\\|\\s*100\\s*\\|[^\\n]*widget \\(by ranking\\).*"));
        String selected = executeCommand("clipfusion:fusion -c widget max");
        assertTrue(selected, selected.contains("Fusion strategy max selected for widget"));
        awaitCondition("widget on max", () -> categories.category("widget").get().fusionStrategy().equals("max"));
        assertTrue(executeCommand("clipfusion:detect -c widget " + bad).matches("(?s).*bad_1.png.*\\|\\s*max.*"));

        String models = executeCommand("clipfusion:models");
        assertTrue(models, models.contains("itest-brightness-model"));
    }

    @Test
    public void badArgumentsGiveOneClearLine() throws Exception {
        configure(configurationAdmin, BRIGHTNESS_SCORER_PID, Map.of("enabled", true));
        configureCategory(configurationAdmin, "gadget", Map.of("scorers", new String[] {BRIGHTNESS_SCORER_ID}));
        Detector detector = awaitService(Detector.class, null);
        awaitCondition("category gadget", () -> detector.categories().contains("gadget"));
        Path work = Files.createTempDirectory("clipfusion-shell-it");
        Path corrupt = work.resolve("corrupt.png");
        Files.write(corrupt, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'});
        Path fine = ItestImages.png(work, "fine.png", 90, false);

        assertOneLine(error("clipfusion:detect -c gadget " + work.resolve("missing.png")),
                "no such file or folder: " + work.resolve("missing.png"));
        assertOneLine(error("clipfusion:detect -c nosuch " + fine), "unknown category 'nosuch'; configured: ");
        String corruptError = error("clipfusion:detect -c gadget " + corrupt + " " + fine);
        assertOneLine(corruptError, "1 of 2 images could not be inspected");
        assertOneLine(error("clipfusion:fit nosuch " + fine), "unknown category 'nosuch'");
        assertOneLine(error("clipfusion:fit gadget " + corrupt), "reference " + corrupt);
        assertOneLine(error("clipfusion:category-set --alpha 1.5 gadget"), "--alpha must lie in [0, 1], got 1.5");
        assertOneLine(error("clipfusion:category-set --threshold-mode sometimes gadget"),
                "--threshold-mode 'sometimes' is not one of none, value, references-fpr, normal-folder-fpr");
        assertOneLine(error("clipfusion:category-set ../evil"), "category name '../evil' may hold only ASCII letters");
        assertOneLine(error("clipfusion:fusion nosuch"), "no fusion strategy 'nosuch'; registered: ");
    }

    /** Runs a command that must fail and returns its message. */
    private String error(String command) throws Exception {
        try {
            String output = executeCommand(command);
            throw new AssertionError("'" + command + "' succeeded: " + output);
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    private static void assertOneLine(String message, String expectedStart) {
        assertFalse("more than one line: " + message, message.contains("\n"));
        assertTrue("'" + message + "' does not start with '" + expectedStart + "'", message.startsWith(expectedStart));
        assertFalse(message, message.contains("Exception"));
    }
}
