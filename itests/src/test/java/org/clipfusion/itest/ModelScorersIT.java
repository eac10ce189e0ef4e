package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerOutput;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The model scorers inside the distribution, on the tiny parity models: PatchCLIP configured with a model directory
 * registers and scores, and pointed at a directory without a model registers nothing on it (a model already serving
 * keeps serving) and says why in {@code clipfusion:status}; MapDiff loads the diffusers-layout directory and scores.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModelScorersIT extends ClipFusionKarafSupport {
    private static final String PID = "org.clipfusion.clip.patchclip";

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions();
    }

    @Test
    public void configuredWithTheTinyModelItRegistersAndScores() throws Exception {
        configurePatchClip(new File(System.getProperty(PARITY_PROPERTY), "open_clip").getPath());

        Scorer scorer = awaitScorer(true);
        assertNotNull("no PatchCLIP scorer registered", scorer);
        assertEquals("patchclip", scorer.id());
        ScorerOutput output = scorer.score(image(), new CategoryContext("bottle", "bottle", Map.of()), null);
        AnomalyMap language = output.maps().get(MapRole.CLIP_LANGUAGE);
        assertEquals(64, language.width());
        double score = output.imageScore().orElseThrow();
        assertTrue("image score " + score, score > 0 && score < 1);

        String status = executeCommand("clipfusion:status");
        assertTrue(status, status.matches("(?s).*Scorers\\s+[^\\n]*patchclip.*"));
        assertTrue(status, status.matches("(?s).*patchclip\\s+serving tiny-open_clip in .*"));
    }

    @Test
    public void pointedAtAMissingModelNothingRunsOnItAndTheStatusSaysWhy() throws Exception {
        configurePatchClip("/nonexistent/clipfusion-model");

        // Make-before-break: a model that does not load is never registered; one that was serving goes on serving.
        awaitCondition("the failed load in clipfusion:status", () -> {
            try {
                return executeCommand("clipfusion:status").matches("(?s).*patchclip\\s+[^\\n]*failed \\("
                        + "[^\\n]*/nonexistent/clipfusion-model.*");
            } catch (Exception e) {
                return false;
            }
        });
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        for (var reference : context.getServiceReferences(Scorer.class, "(clipfusion.id=patchclip)")) {
            Scorer scorer = context.getService(reference);
            assertFalse(scorer.models().toString(), scorer.models().get(0).file().startsWith("/nonexistent"));
            context.ungetService(reference);
        }
    }

    @Test
    public void mapDiffLoadsTheTinyStableDiffusionAndScores() throws Exception {
        configure(configurationAdmin, "org.clipfusion.diffusion.mapdiff", Map.of(
                "modelDirectory", System.getProperty(PARITY_PROPERTY), "modelId", "tiny-stable-diffusion",
                "imageSize", 32,
                // The tiny UNet has two up blocks; SD's default up_blocks.1/.2 would be refused (one log line).
                "featureLayers", new String[] {"up_blocks.0", "up_blocks.1"}));
        Scorer mapDiff = awaitService(Scorer.class, "(clipfusion.id=mapdiff)");
        ScorerOutput output = mapDiff.score(image(), new CategoryContext("bottle", "bottle", Map.of()), null);
        AnomalyMap language = output.maps().get(MapRole.DIFFUSION_LANGUAGE);
        for (float value : language.values()) {
            assertTrue("map value " + value, value >= 0 && value <= 1);
        }
        String models = executeCommand("clipfusion:models");
        assertTrue(models, models.contains("tiny-stable-diffusion"));
    }

    private void configurePatchClip(String modelDirectory) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("modelDirectory", modelDirectory);
        properties.put("modelId", "tiny-open_clip");
        configuration.update(properties);
    }

    /** Waits until PatchCLIP is (or, for {@code present = false}, is no longer) registered; returns it or null. */
    private Scorer awaitScorer(boolean present) throws Exception {
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceTracker<Scorer, Scorer> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + Scorer.class.getName() + ")(clipfusion.id=patchclip))"), null);
        tracker.open();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            // Absence is only trusted after the old registration had time to go and a new one time to appear.
            long settle = present ? 0 : System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                Scorer scorer = tracker.getService();
                if (present && scorer != null) {
                    return scorer;
                }
                if (!present && scorer == null && System.currentTimeMillis() > settle) {
                    return null;
                }
                Thread.sleep(200);
            }
            return tracker.getService();
        } finally {
            tracker.close();
        }
    }

    private static InspectionImage image() {
        byte[] rgb = new byte[3 * 64 * 64];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 % 251);
        }
        return new InspectionImage("synthetic-1", 64, 64, rgb, Map.of());
    }
}
