package org.clipfusion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityManifestTest {
    /** sha256 of the three bytes "abc" (FIPS 180-2's first example), and of "abd". */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path root;

    private void write(String manifestRows) throws Exception {
        Files.writeString(root.resolve("MANIFEST.md"), "# fixtures\n\n| file | content | bytes | sha256 |\n|---|---|---:|---|\n"
                + manifestRows);
        Files.createDirectories(root.resolve("set/outputs/deep"));
    }

    @Test
    void listedReferencesAreReturnedWhenPresentAndUnchanged() throws Exception {
        write("| `set/outputs/a.npy` | x | 3 | `" + ABC.substring(0, 16) + "` |\n"
                + "| `set/outputs/deep/b.npy` | x | 3 | `" + ABC + "` |\n");
        Files.writeString(root.resolve("set/outputs/a.npy"), "abc");
        Files.writeString(root.resolve("set/outputs/deep/b.npy"), "abc");

        assertEquals(List.of(root.resolve("set/outputs/a.npy"), root.resolve("set/outputs/deep/b.npy")),
                ParityManifest.of(root).references("set/outputs"));
    }

    @Test
    void aMissingReferenceFailsInsteadOfShrinkingTheTest() throws Exception {
        write("| `set/outputs/a.npy` | x | 3 | `" + ABC.substring(0, 16) + "` |\n"
                + "| `set/outputs/gone.npy` | x | 3 | `" + ABC.substring(0, 16) + "` |\n");
        Files.writeString(root.resolve("set/outputs/a.npy"), "abc");

        AssertionError e = assertThrows(AssertionError.class, () -> ParityManifest.of(root).references("set/outputs"));
        assertTrue(e.getMessage().contains("set/outputs/gone.npy: listed in MANIFEST.md but missing"), e.getMessage());
    }

    @Test
    void aChangedFixtureFailsOnItsChecksum() throws Exception {
        write("| `set/outputs/a.npy` | x | 3 | `" + ABC.substring(0, 16) + "` |\n");
        Files.writeString(root.resolve("set/outputs/a.npy"), "abd");

        AssertionError e = assertThrows(AssertionError.class, () -> ParityManifest.of(root).verify("set"));
        assertTrue(e.getMessage().contains("set/outputs/a.npy: sha256 a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9, MANIFEST.md says ba7816bf8f01cfea..."), e.getMessage());
    }

    @Test
    void anUnlistedReferenceFails() throws Exception {
        write("| `set/outputs/a.npy` | x | 3 | `" + ABC.substring(0, 16) + "` |\n");
        Files.writeString(root.resolve("set/outputs/a.npy"), "abc");
        Files.writeString(root.resolve("set/outputs/deep/extra.npy"), "abc");

        AssertionError e = assertThrows(AssertionError.class, () -> ParityManifest.of(root).references("set/outputs"));
        assertTrue(e.getMessage().contains("set/outputs/deep/extra.npy: present but not listed"), e.getMessage());
    }

    @Test
    void toleranceGrowsWithTheReferencesMagnitude() {
        assertEquals(ParityTolerance.ATOL, ParityTolerance.allowed(0));
        assertEquals(ParityTolerance.ATOL + 10 * ParityTolerance.RTOL, ParityTolerance.allowed(10), 1e-18);
        // 1e-4 + 1e-5 * 10 = 2e-4 for a reference reaching 10, 1.1e-4 for one reaching 1.
        assertTrue(ParityTolerance.within(1.5e-4, 10));
        assertTrue(!ParityTolerance.within(1.5e-4, 1));
        assertTrue(!ParityTolerance.within(Double.NaN, 1));
    }
}
