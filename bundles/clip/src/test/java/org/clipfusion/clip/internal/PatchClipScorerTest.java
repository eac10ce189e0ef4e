package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.clip.model.OpenClipModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PatchCLIP end to end on the tiny fixture model and a synthetic category. */
class PatchClipScorerTest {
    private static final CategoryContext CONTEXT = new CategoryContext("synthetic_widget", "synthetic_widget",
            Map.of());
    private static final SyntheticObject.Defect DEFECT = new SyntheticObject.Defect(66, 30, 12);

    private static OpenClipModel model;
    private static PatchClipScorer scorer;

    @BeforeAll
    static void load() throws IOException {
        model = OpenClipModel.load(TinyPatchClip.modelDirectory());
        scorer = TinyPatchClip.create(model, TinyPatchClip.settings(PatchClipSettings.LanguageMode.CROPS, 1 << 24));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /**
     * The peak must lie on the defect, within the model's own resolution: half a ViT patch (in image pixels) around
     * the mask, since a map made of patch tokens cannot place a maximum more finely. The tiny fixture model sees a
     * 3×3 grid, so that is a third of the image here; ViT-B-16-plus-240 sees 15×15.
     */
    @ParameterizedTest
    @CsvSource({"66, 30", "25, 70", "48, 48", "80, 80"})
    void fewShotVisionMapPeaksOnTheInjectedDefect(int centreX, int centreY) throws Exception {
        SyntheticObject.Defect defect = new SyntheticObject.Defect(centreX, centreY, 12);
        ReferenceBank bank = scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1),
                SyntheticObject.normal("ref-2", 2)));
        assertEquals(List.of("ref-1", "ref-2"), bank.referenceImageIds());

        ScorerOutput output = scorer.score(SyntheticObject.defective("query", 3, defect), CONTEXT, bank);

        AnomalyMap vision = output.maps().get(MapRole.CLIP_VISION);
        int[] peak = argmax(vision);
        double scale = SyntheticObject.SIZE / (double) vision.width();
        double halfPatch = SyntheticObject.SIZE / (2.0 * model.config().vision().gridWidth());
        double distance = Math.hypot((peak[0] + 0.5) * scale - centreX, (peak[1] + 0.5) * scale - centreY);
        assertTrue(distance <= defect.radius() + halfPatch, "the vision map peaks at " + peak[0] + "," + peak[1]
                + ", " + distance + " px from the defect's centre (radius " + defect.radius() + ", half a patch "
                + halfPatch + ")");
    }

    @Test
    void aNormalImageIsFartherFromAnomalousThanADefectiveOneInTheVisionMap() throws Exception {
        ReferenceBank bank = scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1)));
        float normalPeak = scorer.score(SyntheticObject.normal("good", 4), CONTEXT, bank).maps()
                .get(MapRole.CLIP_VISION).max();
        float defectPeak = scorer.score(SyntheticObject.defective("bad", 4, DEFECT), CONTEXT, bank).maps()
                .get(MapRole.CLIP_VISION).max();
        assertTrue(defectPeak > normalPeak, "defective peak " + defectPeak + " vs normal peak " + normalPeak);
    }

    @Test
    void zeroShotGivesTheLanguageMapAndAProbability() throws Exception {
        ScorerOutput output = scorer.score(SyntheticObject.normal("img", 5), CONTEXT, null);

        assertEquals(List.of(MapRole.CLIP_LANGUAGE), List.copyOf(output.maps().keySet()));
        AnomalyMap language = output.maps().get(MapRole.CLIP_LANGUAGE);
        assertEquals(SyntheticObject.SIZE, language.width());
        assertEquals(SyntheticObject.SIZE, language.height());
        for (float value : language.values()) {
            assertTrue(value > 0 && value < 1, "map value " + value);
        }
        double score = output.imageScore().orElseThrow();
        assertTrue(score > 0 && score < 1, "image score " + score);
    }


    @Test
    void windowsModeGivesAMapOfTheImageSize() throws Exception {
        PatchClipScorer windows = TinyPatchClip.create(model,
                TinyPatchClip.settings(PatchClipSettings.LanguageMode.WINDOWS, 1 << 24));
        ScorerOutput output = windows.score(SyntheticObject.defective("img", 7, DEFECT), CONTEXT, null);
        AnomalyMap language = output.maps().get(MapRole.CLIP_LANGUAGE);
        assertEquals(SyntheticObject.SIZE, language.width());
        for (float value : language.values()) {
            assertTrue(value > 0 && value < 1, "map value " + value);
        }
    }

    @Test
    void aStoredBankScoresExactlyAsTheFittedOne() throws Exception {
        ReferenceBank bank = scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bank.writeTo(bytes);
        ReferenceBank restored = scorer.readBank(new ByteArrayInputStream(bytes.toByteArray()));

        var query = SyntheticObject.defective("q", 8, DEFECT);
        assertArrayEquals(scorer.score(query, CONTEXT, bank).maps().get(MapRole.CLIP_VISION).values(),
                scorer.score(query, CONTEXT, restored).maps().get(MapRole.CLIP_VISION).values());
        assertEquals(bank.referenceImageIds(), restored.referenceImageIds());
    }

    @Test
    void theBankKeepsOneSetPerScaleAndTheReferencesOwnMaxima() throws Exception {
        PatchClipBank two = (PatchClipBank) scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1),
                SyntheticObject.normal("ref-2", 2)));
        assertEquals(List.of("patch", "crop:0.5", "crop:" + (1.0 / 3)), List.copyOf(two.sets().keySet()));
        int patches = model.config().vision().gridWidth() * model.config().vision().gridHeight();
        assertArrayEquals(new int[] {patches, patches}, two.sets().get("patch").perReference());
        // 96 px, crops of 48 px at stride 24: 3×3 per reference.
        assertArrayEquals(new int[] {9, 9}, two.sets().get("crop:0.5").perReference());
        assertEquals(java.util.Set.of(MapRole.CLIP_LANGUAGE, MapRole.CLIP_VISION), two.referenceMaxima().keySet());
        // Leave-one-out: against a bank holding itself a reference would be at distance 0 everywhere.
        assertTrue(two.referenceMaxima().get(MapRole.CLIP_VISION) > 0, two.referenceMaxima().toString());

        ReferenceBank one = scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1)));
        assertEquals(java.util.Set.of(MapRole.CLIP_LANGUAGE), one.referenceMaxima().keySet(),
                "one reference has no other to be compared with");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        two.writeTo(bytes);
        assertEquals(two.referenceMaxima(), scorer.readBank(new ByteArrayInputStream(bytes.toByteArray()))
                .referenceMaxima());
    }

    @Test
    void aBankOverTheMemoryCapIsRefusedWithTheNumbers() throws IOException {
        PatchClipScorer capped = TinyPatchClip.create(model,
                TinyPatchClip.settings(PatchClipSettings.LanguageMode.CROPS, 4096));
        ScorerException e = assertThrows(ScorerException.class,
                () -> capped.fit(CONTEXT, List.of(SyntheticObject.normal("r", 1), SyntheticObject.normal("s", 2))));
        assertTrue(e.getMessage().contains("maxBankBytes=4096"), e.getMessage());
        assertTrue(e.getMessage().contains("synthetic_widget"), e.getMessage());
    }

    @Test
    void aBankOfOtherWeightsIsRefused() throws Exception {
        ReferenceBank bank = scorer.fit(CONTEXT, List.of(SyntheticObject.normal("ref-1", 1)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bank.writeTo(bytes);
        byte[] tampered = bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(scorer.models().get(0).sha256(), "0".repeat(64))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> scorer.readBank(new ByteArrayInputStream(tampered)));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
        assertFalse(scorer.prompts(CONTEXT).isEmpty());
    }

    private static int[] argmax(AnomalyMap map) {
        int best = 0;
        float[] values = map.values();
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return new int[] {best % map.width(), best / map.width()};
    }
}
