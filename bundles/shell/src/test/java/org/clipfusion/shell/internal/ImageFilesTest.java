package org.clipfusion.shell.internal;

import static org.clipfusion.shell.internal.ShellFixtures.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path root;

    @Test
    void anEmptyFolderIsAnErrorNotAnEmptyBatch() throws Exception {
        Path empty = Files.createDirectory(root.resolve("empty"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.expand(List.of(empty.toString()), false));
        assertTrue(error.getMessage().startsWith("folder " + empty + " holds no images"), error.getMessage());
    }

    @Test
    void aFolderOfSubfoldersPointsToRecursion() throws Exception {
        png(root.resolve("test/crack/000.png"), 2, 2);
        png(root.resolve("test/good/000.png"), 2, 2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageFiles.expand(List.of(root.resolve("test").toString()), false));
        assertTrue(error.getMessage().endsWith("it has 2 subfolders: add -r to include them"), error.getMessage());

        List<ImageFiles.Input> inputs = ImageFiles.expand(List.of(root.resolve("test").toString()), true);
        assertEquals(List.of("crack/000.png", "good/000.png"), inputs.stream().map(ImageFiles.Input::id).toList());
    }

    @Test
    void sameNamedFilesOfTwoFoldersKeepTheirFolderInTheirIds() throws Exception {
        png(root.resolve("test/crack/000.png"), 2, 2);
        png(root.resolve("test/good/000.png"), 2, 2);
        png(root.resolve("test/good/._000.png"), 2, 2);
        List<ImageFiles.Input> inputs = ImageFiles.expand(List.of(root.resolve("test/crack").toString(),
                root.resolve("test/good").toString()), false);
        assertEquals(List.of("crack/000.png", "good/000.png"), inputs.stream().map(ImageFiles.Input::id).toList());
        assertEquals("crack/000.png", ImageFiles.load(inputs.get(0)).id());
    }

    @Test
    void aSingleFolderOrFileGivesPlainNames() throws Exception {
        png(root.resolve("good/001.png"), 2, 2);
        assertEquals("001.png", ImageFiles.expand(List.of(root.resolve("good").toString()), false).get(0).id());
        assertEquals("001.png", ImageFiles.expand(List.of(root.resolve("good/001.png").toString()), false).get(0)
                .id());
    }

    @Test
    void picturesOfSameStemsNeverOverwriteEachOther() {
        OutputNames names = new OutputNames(root, List.of("crack/000.png", "good/000.png", "good/001.png",
                "good/001.jpg", "../../etc/x.png"));
        assertEquals(root.resolve("crack/000_map.png"), names.picture("crack/000.png", "map"));
        assertEquals(root.resolve("good/000_overlay.png"), names.picture("good/000.png", "overlay"));
        assertEquals(root.resolve("good/001.png_map.png"), names.picture("good/001.png", "map"));
        assertEquals(root.resolve("good/001.jpg_map.png"), names.picture("good/001.jpg", "map"));
        assertTrue(names.picture("../../etc/x.png", "map").normalize().startsWith(root));
    }
}
