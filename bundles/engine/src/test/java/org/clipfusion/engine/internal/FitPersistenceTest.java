package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.engine.CategoryInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fits persist, come back on restart through the scorer, and are dropped when the scorer refuses them. */
class FitPersistenceTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<InspectionImage> REFERENCES = List.of(TestImages.withValue("r0", 0.2),
            TestImages.withValue("r1", 0.4));

    @TempDir
    Path dataDirectory;

    private static EngineFixture engine(Path dataDirectory, TestScorer memory) {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.bind(memory);
        fixture.bind(TestStrategy.max("max"), 0);
        fixture.category("name", "bottle");
        return fixture;
    }

    @Test
    void aFitIsStoredAsBankFilesAndARecord() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.bind(new TestScorer("zero-shot/only", MapRole.CLIP_LANGUAGE, 8));
            fixture.manager.fit("bottle", REFERENCES);
        }
        Path category = dataDirectory.resolve("banks").resolve("bottle");
        assertTrue(Files.isRegularFile(category.resolve("memory.bank")));
        assertTrue(Files.isRegularFile(category.resolve(BankStore.RECORD_FILE)));
        String record = Files.readString(category.resolve(BankStore.RECORD_FILE));
        assertTrue(record.contains("reference.0=r0") && record.contains("reference.1=r1"), record);
        assertTrue(record.contains("bank.memory="), record);
        try (var files = Files.list(category)) {
            assertEquals(2, files.count(), "no temporary files left, no bank for the zero-shot scorer");
        }
    }

    @Test
    void aNewEngineOverTheSameDirectoryScoresFewShotWithoutRefitting() throws Exception {
        double fewShotScore;
        try (EngineFixture first = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            first.manager.fit("bottle", REFERENCES);
            fewShotScore = first.detect("bottle", TestImages.withValue("q", 0.9)).imageScore();
        }
        assertEquals(0.6, fewShotScore, TOLERANCE, "distance of 0.9 to the bank mean 0.3");

        TestScorer restarted = ThresholdModesTest.memoryScorer();
        try (EngineFixture second = engine(dataDirectory, restarted)) {
            DetectionResult result = second.detect("bottle", TestImages.withValue("q", 0.9));

            assertEquals(fewShotScore, result.imageScore(), TOLERANCE);
            assertEquals(List.of("r0", "r1"), result.provenance().referenceImageIds());
            assertEquals(0, restarted.fits.get(), "nothing was refitted");
            assertTrue(second.manager.category("bottle").orElseThrow().fewShot());
        }
    }

    @Test
    void aBankAppearsWhenItsScorerAppearsAfterTheCategory() throws Exception {
        try (EngineFixture first = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            first.manager.fit("bottle", REFERENCES);
        }
        try (EngineFixture second = new EngineFixture(dataDirectory)) {
            second.bind(TestStrategy.max("max"), 0);
            second.category("name", "bottle", "scorers", "memory");
            assertThrows(DetectionException.class, () -> second.detect("bottle", TestImages.withValue("q", 0.9)));

            second.bind(ThresholdModesTest.memoryScorer());

            DetectionResult result = second.detect("bottle", TestImages.withValue("q", 0.9));
            assertEquals(0.6, result.imageScore(), TOLERANCE);
            assertEquals(List.of("r0", "r1"), result.provenance().referenceImageIds());
        }
    }

    @Test
    void aBankTheScorerRefusesIsIgnoredAndTheScorerRunsZeroShot() throws Exception {
        try (EngineFixture first = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            first.manager.fit("bottle", REFERENCES);
        }
        TestScorer newWeights = new TestScorer("memory", MapRole.CLIP_VISION, 8).withReferences("weights-2")
                .maps((image, bank) -> TestScorer.constant(8, bank == null ? TestImages.valueOf(image) : -1));
        try (EngineFixture second = engine(dataDirectory, newWeights)) {
            DetectionResult result = second.detect("bottle", TestImages.withValue("q", 0.9));

            assertEquals(0.9, result.imageScore(), TOLERANCE, "zero-shot: the value itself");
            assertEquals(List.of(), result.provenance().referenceImageIds());
            assertFalse(second.manager.category("bottle").orElseThrow().fewShot());
        }
    }

    @Test
    void aTamperedBankFileIsIgnored() throws Exception {
        try (EngineFixture first = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            first.manager.fit("bottle", REFERENCES);
        }
        Path bank = dataDirectory.resolve("banks").resolve("bottle").resolve("memory.bank");
        byte[] bytes = Files.readAllBytes(bank);
        bytes[bytes.length - 1] ^= 1;
        Files.write(bank, bytes);
        try (EngineFixture second = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            assertEquals(0.9, second.detect("bottle", TestImages.withValue("q", 0.9)).imageScore(), TOLERANCE);
        }
    }

    @Test
    void aFailedFitKeepsTheEarlierOne() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.manager.fit("bottle", REFERENCES);
            fixture.category("name", "cable", "thresholdMode", "references-fpr");

            assertThrows(DetectionException.class, () -> fixture.manager.fit("cable", REFERENCES.subList(0, 1)));
            assertThrows(DetectionException.class, () -> fixture.manager.fit("nope", REFERENCES));

            assertEquals(List.of("r0", "r1"), fixture.manager.category("bottle").orElseThrow().referenceImageIds());
            assertFalse(Files.exists(dataDirectory.resolve("banks").resolve("cable")));
        }
    }

    @Test
    void aFitWithoutReferencesReturnsTheCategoryToZeroShot() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.manager.fit("bottle", REFERENCES);
            CategoryInfo info = fixture.manager.fit("bottle", List.of());
            assertFalse(info.fewShot());
            assertEquals(0.9, fixture.detect("bottle", TestImages.withValue("q", 0.9)).imageScore(), TOLERANCE);
            assertFalse(Files.exists(dataDirectory.resolve("banks").resolve("bottle").resolve("memory.bank")));
        }
    }

    @Test
    void detectionsDuringFitsUseTheBankCurrentWhenTheyStarted() throws Exception {
        List<InspectionImage> low = REFERENCES; // mean 0.3
        List<InspectionImage> high = List.of(TestImages.withValue("h0", 0.7), TestImages.withValue("h1", 0.9));
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.manager.fit("bottle", low);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(3);
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < 3; client++) {
                done.add(clients.submit(() -> {
                    while (running.get()) {
                        try {
                            DetectionResult result = fixture.detect("bottle", TestImages.withValue("q", 1.0));
                            List<String> references = result.provenance().referenceImageIds();
                            double expected = references.get(0).startsWith("h") ? 0.2 : 0.7;
                            assertEquals(expected, result.imageScore(), TOLERANCE, references.toString());
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (int fit = 0; fit < 20; fit++) {
                fixture.manager.fit("bottle", fit % 2 == 0 ? high : low);
            }
            running.set(false);
            for (Future<?> client : done) {
                client.get(10, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        }
    }

    @Test
    void aDeletedFitLeavesNoFilesAndTheCategoryZeroShot() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.manager.fit("bottle", REFERENCES);
            fixture.manager.deleteFit("bottle");

            assertFalse(Files.exists(dataDirectory.resolve("banks").resolve("bottle")));
            assertFalse(fixture.manager.category("bottle").orElseThrow().fewShot());
            assertEquals(List.of(), fixture.detect("bottle", TestImages.withValue("q", 0.9)).provenance()
                    .referenceImageIds());
        }
        try (EngineFixture restarted = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            assertFalse(restarted.manager.category("bottle").orElseThrow().fewShot(), "nothing comes back");
        }
    }

    @Test
    void theFitOfACategoryNoLongerOfferedCanBeDeleted() throws Exception {
        try (EngineFixture fixture = engine(dataDirectory, ThresholdModesTest.memoryScorer())) {
            fixture.manager.fit("bottle", REFERENCES);
        }
        try (EngineFixture fixture = new EngineFixture(dataDirectory)) {
            fixture.manager.deleteFit("bottle");
            assertThrows(DetectionException.class, () -> fixture.manager.deleteFit(".."));
        }
        assertFalse(Files.exists(dataDirectory.resolve("banks").resolve("bottle")));
        assertTrue(Files.isDirectory(dataDirectory.resolve("banks")));
    }
}
