package org.clipfusion.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.clipfusion.tensor.verify.ChecksumList;
import org.clipfusion.tensor.verify.ModelArchitecture;
import org.clipfusion.tensor.verify.ModelVerifier;
import org.clipfusion.tensor.verify.VerificationReport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * {@code clipfusion:model-verify}: checks a model directory against the architecture its configs describe (every key,
 * shape and dtype of every weight file, from the headers) and against its checksums, prints the report, and fails
 * when anything is wrong so that scripts see a non-zero exit.
 */
@Service
@Command(scope = "clipfusion", name = "model-verify",
        description = "Checks a model directory: tensors against its configs, files against their SHA-256 checksums")
@Parsing(HelpRedirectingParser.class)
public class ModelVerifyCommand extends UserCommand {

    @Option(name = "-a", aliases = "--architecture",
            description = "Architecture id (open_clip, stable-diffusion, clip-text-model, autoencoder-kl, "
                    + "unet-2d-condition); default: the one that recognises the directory")
    String architectureId;

    @Option(name = "-c", aliases = "--checksums",
            description = "A sha256sum-format list of files relative to the directory (default: its SHA256SUMS)")
    String checksumFile;

    @Option(name = "--no-checksums", description = "Skip checksums (hashing gigabytes takes a while)")
    boolean skipChecksums;

    @Argument(index = 0, name = "directory", required = true, description = "The model directory")
    @Completion(FileCompleter.class)
    String directory;

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws Exception {
        Path modelDirectory = Path.of(directory).toAbsolutePath().normalize();
        if (!Files.isDirectory(modelDirectory)) {
            throw new IllegalArgumentException(modelDirectory + " is not a directory");
        }
        List<ServiceReference<ModelArchitecture>> references =
                new ArrayList<>(bundleContext.getServiceReferences(ModelArchitecture.class, null));
        List<ModelArchitecture> architectures = new ArrayList<>();
        try {
            for (ServiceReference<ModelArchitecture> reference : references) {
                ModelArchitecture architecture = bundleContext.getService(reference);
                if (architecture != null) {
                    architectures.add(architecture);
                }
            }
            ModelArchitecture architecture = ArchitectureChoice.choose(architectures, architectureId, modelDirectory);
            VerificationReport report = ModelVerifier.verify(modelDirectory, architecture, checksums(modelDirectory));
            System.out.print(report.format());
            if (!report.ok()) {
                throw new IllegalStateException(report.summary());
            }
            return null;
        } finally {
            references.forEach(bundleContext::ungetService);
        }
    }

    private ChecksumList checksums(Path modelDirectory) throws Exception {
        if (skipChecksums) {
            return ChecksumList.none();
        }
        return checksumFile != null ? ChecksumList.read(Path.of(checksumFile)) : ChecksumList.inDirectory(modelDirectory);
    }
}
