package org.clipfusion.shell.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.clipfusion.datasets.SyntheticDatasetGenerator;
import org.clipfusion.datasets.SyntheticSpec;

/**
 * {@code clipfusion:dataset-synth}: writes MVTec-layout categories of synthetic textures and objects with injected
 * defects and exact masks, the same bytes for the same settings (for trying the evaluation without a real dataset).
 */
@Service
@Command(scope = "clipfusion", name = "dataset-synth", description = "Writes a synthetic MVTec-layout dataset with "
        + "exact defect masks")
@Parsing(HelpRedirectingParser.class)
public class DatasetSynthCommand extends UserCommand {

    @Option(name = "-c", aliases = "--categories", description = "Comma-separated categories (default: all known)")
    String categories;

    @Option(name = "--size", description = "Image width and height in pixels")
    int size = SyntheticSpec.defaults().imageSize();

    @Option(name = "--train", description = "Normal training images per category")
    int train = SyntheticSpec.defaults().trainGood();

    @Option(name = "--good", description = "Normal test images per category")
    int good = SyntheticSpec.defaults().testGood();

    @Option(name = "--defective", description = "Defective test images per category")
    int defective = SyntheticSpec.defaults().testDefective();

    @Option(name = "--seed", description = "Seed: the same settings write the same files")
    long seed;

    @Argument(index = 0, name = "folder", required = true, description = "The dataset root to write into")
    @Completion(FileCompleter.class)
    String folder;

    @Override
    protected Object run() throws Exception {
        List<String> names = categories == null ? SyntheticDatasetGenerator.knownCategories()
                : Arrays.stream(categories.split(",")).map(String::trim).toList();
        SyntheticSpec spec = new SyntheticSpec(names, size, train, good, defective, seed);
        Path root = Paths.get(folder).toAbsolutePath().normalize();
        List<Path> written = SyntheticDatasetGenerator.generate(root, spec);
        System.out.println("Wrote " + written.size() + " categories to " + root + ": " + String.join(", ", names)
                + " (" + size + "×" + size + " px, " + train + " train, " + good + " normal and " + defective
                + " defective test images each, seed " + seed + ")");
        return null;
    }
}
