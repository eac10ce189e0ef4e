package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Threshold;
import org.clipfusion.api.ThresholdSource;
import org.clipfusion.sinks.SinkState;
import org.clipfusion.sinks.SinkStatus;
import org.clipfusion.tensor.NpyArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path temp;

    private FileSink sink(Path folder, MapFormat format) {
        return new FileSink(new FileSinkSettings("files", folder, format, true, true, Double.NaN, 0));
    }

    @Test
    void writesTheRecordTheMapTheHeatmapAndTheMask() throws Exception {
        Path folder = temp.resolve("out");
        DetectionResult result = SampleResults.withId("req-1");
        sink(folder, MapFormat.PNG16).deliver(result);
        Path day = folder.resolve("2026-11-28");
        assertEquals(List.of("req-1.json", "req-1_heatmap.png", "req-1_map.png", "req-1_mask.png"), names(day));
        assertEquals(ResultJson(result) + "\n", Files.readString(day.resolve("req-1.json")));
        BufferedImage map = ImageIO.read(day.resolve("req-1_map.png").toFile());
        assertEquals(16, map.getColorModel().getPixelSize());
        assertEquals(65535, map.getRaster().getSample(7, 5, 0)); // the maximum at full scale
        BufferedImage heat = ImageIO.read(day.resolve("req-1_heatmap.png").toFile());
        assertTrue(heat.getColorModel().hasAlpha());
        assertEquals(0, heat.getRGB(0, 0) >>> 24, "transparent where the map is 0");
        BufferedImage mask = ImageIO.read(day.resolve("req-1_mask.png").toFile());
        assertEquals(0, mask.getRaster().getSample(0, 0, 0));
        assertEquals(255, mask.getRaster().getSample(7, 5, 0)); // 47/48, above the pixel threshold 0.75
        assertEquals(255, mask.getRaster().getSample(4, 5, 0)); // 44/48 = 0.917
        // 30/48 = 0.625: above the image threshold 0.5 but not the pixel threshold 0.75, so not in the mask.
        assertEquals(0, mask.getRaster().getSample(6, 3, 0));
        assertEquals(0, mask.getRaster().getSample(3, 4, 0)); // 35/48 = 0.729
        assertEquals(0, mask.getRaster().getSample(4, 4, 0)); // 36/48 = 0.75 is not above it
        assertEquals(255, mask.getRaster().getSample(5, 4, 0)); // 37/48 is
        // The prompts once, under the id the record names (SHA-256 computed with Python's hashlib).
        assertEquals(List.of("8261611191c2bc47644deec3001d19ab96e525d8dfd9c82176c0d786b765c581.json"),
                names(folder.resolve("prompt-sets")));
        sink(folder, MapFormat.PNG16).deliver(SampleResults.withId("req-2"));
        assertEquals(1, names(folder.resolve("prompt-sets")).size(), "the same prompts are not stored again");
    }

    @Test
    void withoutAPixelThresholdNoMaskIsWrittenAndTheRecordSaysWhy() throws Exception {
        DetectionResult sample = SampleResults.withId("req-2");
        DetectionResult result = new DetectionResult(sample.requestId(), sample.partId(), sample.imageId(),
                sample.time(), sample.imageScore(), sample.map(), Map.of(), sample.decision(), sample.threshold(),
                sample.provenance(), new Threshold(Double.NaN, ThresholdSource.UNSET,
                        "pixelThresholdMode=none: no pixel threshold, so no mask"));
        sink(temp, MapFormat.PNG16).deliver(result);
        Path day = temp.resolve("2026-11-28");
        assertEquals(List.of("req-2.json", "req-2_heatmap.png", "req-2_map.png"), names(day));
        assertTrue(Files.readString(day.resolve("req-2.json")).contains("\"pixelThreshold\":{\"value\":null,"
                + "\"source\":\"UNSET\",\"detail\":\"pixelThresholdMode=none: no pixel threshold, so no mask\"}"));
    }

    @Test
    void writesTheExactScoresAsNpy() throws Exception {
        DetectionResult result = SampleResults.withId("r");
        sink(temp, MapFormat.NPY).deliver(result);
        NpyArray npy = NpyArray.read(temp.resolve("2026-11-28/r_map.npy"));
        assertEquals(List.of(6L, 8L), List.of(npy.shape()[0], npy.shape()[1]));
        org.junit.jupiter.api.Assertions.assertArrayEquals(result.map().values(), npy.toFloatArray());
    }

    @Test
    void hostileRequestIdsNeverWriteOutsideTheSinkFolder() throws Exception {
        Path folder = temp.resolve("sink");
        for (String id : new String[] {"../../etc/passwd", "a/b", "..", ".", "nul\u0000byte", "/tmp/abs",
                "x".repeat(5000), "..\\..\\win"}) {
            sink(folder, MapFormat.PNG16).deliver(SampleResults.withId(id));
        }
        try (Stream<Path> everything = Files.walk(temp)) {
            for (Path file : everything.filter(Files::isRegularFile).toList()) {
                assertTrue(file.startsWith(folder.resolve("2026-11-28")) || file.startsWith(folder.resolve(
                        "prompt-sets")), "written outside: " + file);
            }
        }
        assertEquals(8 * 4, names(folder.resolve("2026-11-28")).size(), "every id got its own files");
    }

    @Test
    void anUnwritableFolderFailsTheDeliveryAndTheResultStaysInTheOutbox() throws Exception {
        Path notAFolder = temp.resolve("blocked");
        Files.writeString(notAFolder, "a file where the sink folder should be"); // unwritable even for root
        try (Outbox outbox = Outbox.open(new OutboxSettings(temp.resolve("outbox"), 100, Duration.ofDays(1),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(50))), Clock.systemUTC())) {
            outbox.addSink(sink(notAFolder, MapFormat.PNG16), "file");
            outbox.append(SampleResults.withId("kept"));
            OutboxTest.awaitTrue(() -> !status(outbox).lastError().isEmpty());
            SinkStatus status = status(outbox);
            assertEquals(SinkState.BACKING_OFF, status.state());
            assertEquals(1, status.backlog());
            assertTrue(status.lastError().contains(notAFolder.toString()), status.lastError());
        }
        assertThrows(IOException.class, () -> sink(notAFolder, MapFormat.PNG16).deliver(SampleResults.withId("x")));
    }

    /** A real full disk: a 1 MiB tmpfs, so this needs root (as in CI); skipped with a reason otherwise. */
    @Test
    void aFullDiskIsReportedAndNothingIsLostOrLeftHalfWritten() throws Exception {
        Path mount = Files.createDirectories(temp.resolve("tiny"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mounting.waitFor() == 0, "mounting a tmpfs needs root: "
                + new String(mounting.getInputStream().readAllBytes()));
        try {
            Files.write(mount.resolve("filler"), new byte[1000 * 1024]);
            DetectionResult big = bigResult("full");
            try (Outbox outbox = Outbox.open(new OutboxSettings(temp.resolve("outbox"), 100, Duration.ofDays(1),
                    new Backoff(Duration.ofMillis(20), Duration.ofMillis(50))), Clock.systemUTC())) {
                outbox.addSink(sink(mount.resolve("results"), MapFormat.NPY), "file");
                outbox.append(big);
                OutboxTest.awaitTrue(() -> !status(outbox).lastError().isEmpty());
                assertTrue(status(outbox).lastError().contains("No space left"), status(outbox).lastError());
                assertEquals(1, status(outbox).backlog());
                Files.delete(mount.resolve("filler")); // the operator frees space
                OutboxTest.awaitTrue(() -> status(outbox).backlog() == 0);
            }
            Path day = mount.resolve("results/2026-11-28");
            assertEquals(List.of("full.json", "full_heatmap.png", "full_map.npy", "full_mask.png"), names(day));
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    private static DetectionResult bigResult(String id) {
        DetectionResult small = SampleResults.withId(id);
        float[] values = new float[256 * 256];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return new DetectionResult(id, small.partId(), small.imageId(), small.time(), small.imageScore(),
                new org.clipfusion.api.AnomalyMap(256, 256, values, org.clipfusion.api.MapRole.FUSED, "max"),
                java.util.Map.of(), small.decision(), small.threshold(), small.provenance(), small.pixelThreshold());
    }

    private static SinkStatus status(Outbox outbox) {
        return outbox.statuses().get(0);
    }

    private static String ResultJson(DetectionResult result) {
        return org.clipfusion.sinks.ResultJson.of(result);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")), "temporary files left: " + names);
            return names;
        }
    }
}
