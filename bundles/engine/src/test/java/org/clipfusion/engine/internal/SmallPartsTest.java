package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.testing.ConfigAnnotations;
import org.junit.jupiter.api.Test;

/** The quantile rule, file names, the fit record format and the engine settings. */
class SmallPartsTest {
    @Test
    void quantileLeavesAtMostTargetTimesNScoresAbove() {
        double[] scores = new double[100];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 99 - i; // 0..99, shuffled order does not matter
        }
        assertEquals(98, new EmpiricalQuantile(scores, 0.01).threshold(), "one score (99) above");
        assertEquals(94, new EmpiricalQuantile(scores, 0.05).threshold());
        assertEquals(70, new EmpiricalQuantile(scores, 0.29).threshold(), "0.29 * 100 is 28.999...: still 29");
        assertEquals(99, new EmpiricalQuantile(new double[] {3, 99, 5}, 0.01).threshold(), "few: the maximum");
        assertTrue(new EmpiricalQuantile(new double[] {3, 99, 5}, 0.01).describe().contains("largest of 3"));
        assertTrue(new EmpiricalQuantile(scores, 0.02).describe().contains("98th smallest of 100"));
    }

    @Test
    void idsBecomeSafeReversibleFileNames() {
        assertEquals("patchclip", FileNames.encode("patchclip"));
        assertEquals("map-diff_v1.2", FileNames.encode("map-diff_v1.2"));
        assertEquals("a%2Fb", FileNames.encode("a/b"));
        assertEquals("%2E.", FileNames.encode(".."), "never a hidden file or a parent directory");
        assertEquals("%C3%A9", FileNames.encode("é"));
    }

    @Test
    void fitRecordsRoundTrip() throws Exception {
        FitRecord record = new FitRecord(List.of("r 0", "r=1"), Instant.parse("2025-01-02T03:04:05Z"),
                new TreeMap<>(Map.of("patch:clip", "abc")),
                new Threshold(0.25, ThresholdSource.REFERENCES_LEAVE_ONE_OUT, "target FPR 0.01"), "mode=x;y=z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FitRecordFormat.write(record, out);
        assertEquals(record, FitRecordFormat.read(new ByteArrayInputStream(out.toByteArray())));

        FitRecord unset = new FitRecord(List.of(), record.fittedAt(), new TreeMap<>(), Threshold.unset(), "");
        out.reset();
        FitRecordFormat.write(unset, out);
        FitRecord back = FitRecordFormat.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(ThresholdSource.UNSET, back.threshold().source());
    }

    @Test
    void engineSettingsFallBackToDefaultsAndKarafData() {
        EngineSettings bad = EngineSettings.from(ConfigAnnotations.of(EngineConfig.class, "evaluationGrid", 0,
                "smoothingSigma", -1.0, "scorerThreads", -3, "dataDirectory", "/srv/x"));
        assertEquals(256, bad.evaluationGrid());
        assertEquals(4.0, bad.smoothingSigma());
        assertEquals(Runtime.getRuntime().availableProcessors(), bad.scorerThreads());
        assertEquals(Path.of("/srv/x"), bad.dataDirectory());

        String previous = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/clipfusion"), EngineSettings.dataDirectoryOf(""));
            System.clearProperty("karaf.data");
            assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "clipfusion"),
                    EngineSettings.dataDirectoryOf(""));
        } finally {
            if (previous != null) {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
