package org.clipfusion.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.clipfusion.api.InspectionImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every result names the version of the category that judged it: the same recipe gives the same version on any node
 * (a fit copied to another data directory included), and any change of setting or refit gives another.
 */
class CategoryVersionTest {
    private static final List<InspectionImage> REFERENCES = List.of(TestImages.withValue("r0", 0.2),
            TestImages.withValue("r1", 0.4));
    private static final InspectionImage QUERY = TestImages.withValue("q", 0.9);

    private static EngineFixture node(Path dataDirectory, double alpha) {
        EngineFixture fixture = new EngineFixture(dataDirectory);
        fixture.bind(ThresholdModesTest.memoryScorer());
        fixture.bind(TestStrategy.max("max"), 0);
        fixture.category("name", "bottle", "alphaSegmentation", alpha);
        return fixture;
    }

    private static String version(EngineFixture fixture) {
        return fixture.manager.category("bottle").orElseThrow().version();
    }

    @Test
    void resultsNameTheVersionTheCategoryListShows(@TempDir Path data) throws Exception {
        try (EngineFixture node = node(data, 0.5)) {
            String zeroShot = version(node);
            assertTrue(zeroShot.matches("[0-9a-f]{16}"), zeroShot);
            assertEquals(zeroShot, node.detect("bottle", QUERY).provenance().categoryVersion());

            node.manager.fit("bottle", REFERENCES);
            String fitted = version(node);
            assertNotEquals(zeroShot, fitted, "a fit makes a new version");
            assertEquals(fitted, node.detect("bottle", QUERY).provenance().categoryVersion());

            node.manager.fit("bottle", REFERENCES);
            assertNotEquals(fitted, version(node), "a refit (a new fit record) makes a new version");
        }
    }

    @Test
    void theSameRecipeHasTheSameVersionOnAnotherNode(@TempDir Path a, @TempDir Path b) throws Exception {
        String onA;
        try (EngineFixture nodeA = node(a, 0.5)) {
            nodeA.manager.fit("bottle", REFERENCES);
            onA = nodeA.detect("bottle", QUERY).provenance().categoryVersion();
        }
        copy(a.resolve("banks"), b.resolve("banks"));
        try (EngineFixture nodeB = node(b, 0.5)) {
            assertEquals(onA, nodeB.detect("bottle", QUERY).provenance().categoryVersion());
        }
        try (EngineFixture otherAlpha = node(b, 0.3)) {
            assertNotEquals(onA, version(otherAlpha), "another α is another recipe");
        }
        try (EngineFixture sameAgain = node(b, 0.5)) {
            assertEquals(onA, version(sameAgain), "a version names content, it is not a counter");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
