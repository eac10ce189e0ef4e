package org.clipfusion.tensor.torch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line: {@code java -cp clipfusion-tensor.jar org.clipfusion.tensor.torch.ConvertTorchCheckpoint [--entry
 * KEY] [--strip-prefix PREFIX] INPUT.pt OUTPUT.safetensors}. Exit status 0 on success, 1 when the checkpoint cannot
 * be converted, 2 for bad arguments; errors go to standard error in one line naming the file and the problem.
 */
public final class ConvertTorchCheckpoint {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = "usage: ConvertTorchCheckpoint [--entry KEY] [--strip-prefix PREFIX] "
            + "INPUT.pt OUTPUT.safetensors\n"
            + "  --entry KEY            top-level key holding the weights (default: the saved dict when it holds only\n"
            + "                         tensors, else its 'state_dict' entry)\n"
            + "  --strip-prefix PREFIX  remove PREFIX from keys that start with it (e.g. module.)";

    private ConvertTorchCheckpoint() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status instead of exiting, for tests. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String entry = null;
        String prefix = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entry", "--strip-prefix" -> {
                    if (i + 1 == args.length) {
                        err.println(args[i] + " needs a value\n" + USAGE_TEXT);
                        return USAGE;
                    }
                    if (args[i].equals("--entry")) {
                        entry = args[++i];
                    } else {
                        prefix = args[++i];
                    }
                }
                case "-h", "--help" -> {
                    out.println(USAGE_TEXT);
                    return OK;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("unknown option " + args[i] + "\n" + USAGE_TEXT);
                        return USAGE;
                    }
                    files.add(args[i]);
                }
            }
        }
        if (files.size() != 2) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Path source = Path.of(files.get(0));
        Path target = Path.of(files.get(1));
        if (!Files.isRegularFile(source)) {
            err.println(source + ": no such file");
            return FAILED;
        }
        try {
            Map<String, TorchTensor> tensors = TorchToSafetensors.convert(source, target,
                    new TorchToSafetensors.Options(entry, prefix));
            long bytes = 0;
            for (TorchTensor tensor : tensors.values()) {
                bytes += tensor.elementCount() * tensor.dtype().bytesPerElement();
            }
            out.println("Converted " + tensors.size() + " tensors (" + bytes + " bytes) from " + source + " to "
                    + target);
            return OK;
        } catch (IOException e) {
            err.println("conversion failed: " + e.getMessage());
            return FAILED;
        }
    }
}
