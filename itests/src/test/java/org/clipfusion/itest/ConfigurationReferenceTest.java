package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.clipfusion.testing.MetatypeReference;
import org.junit.Test;

/**
 * docs/configuration.md carries, for each scorer, the table generated from the metatype of the built bundle, between
 * markers; this fails when a key, default or description changed without the document. Regenerate with
 * {@code mvn -pl itests test -Dtest=ConfigurationReferenceTest -Dclipfusion.writeDocs=true}.
 */
public class ConfigurationReferenceTest {
    /** Marker name to the metatype resource it is generated from, in the order of the document. */
    private static final Map<String, String> GENERATED = Map.of(
            "patchclip", "OSGI-INF/metatype/org.clipfusion.clip.internal.PatchClipConfig.xml",
            "mapdiff", "OSGI-INF/metatype/org.clipfusion.diffusion.mapdiff.internal.MapDiffConfig.xml");

    @Test
    public void theDocumentedKeysAreTheMetatypesOfTheBuiltBundles() throws IOException {
        Path document = Path.of(System.getProperty("clipfusion.docs", "../docs/configuration.md"));
        String text = Files.readString(document, StandardCharsets.UTF_8);
        String updated = text;
        for (Map.Entry<String, String> block : GENERATED.entrySet()) {
            updated = replaceBlock(updated, block.getKey(), generated(block.getValue()));
        }
        if (Boolean.getBoolean("clipfusion.writeDocs")) {
            Files.writeString(document, updated, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(document + " is out of date with the metatype; regenerate it with -Dclipfusion.writeDocs=true",
                updated, text);
    }

    private static String generated(String resource) throws IOException {
        try (InputStream xml = ConfigurationReferenceTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull("no " + resource + " on the test class path (is the bundle a test dependency?)", xml);
            return MetatypeReference.markdown(xml);
        }
    }

    private static String replaceBlock(String text, String name, String content) {
        String start = "<!-- generated from the " + name + " metatype: start -->\n";
        String end = "<!-- generated from the " + name + " metatype: end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertTrue("docs/configuration.md lacks the markers " + start.trim() + " ... " + end, from >= 0 && to > from);
        return text.substring(0, from + start.length()) + content + text.substring(to);
    }
}
