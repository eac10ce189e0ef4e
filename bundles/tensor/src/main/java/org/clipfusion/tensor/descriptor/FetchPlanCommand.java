package org.clipfusion.tensor.descriptor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code models/fetch} asks of a descriptor, as lines a shell reads without a JSON tool:
 *
 * <ul>
 *   <li>{@code describe DESCRIPTOR}: {@code id}, {@code name}, {@code architecture}, {@code directory} and
 *       {@code license} as {@code key<TAB>value} lines;</li>
 *   <li>{@code sources DESCRIPTOR}: one line per download source, in preference order, tab-separated: path,
 *       optional (yes/no), url, format, size, sha256, sha256 prefix, entry, strip prefix ({@code -} where
 *       unknown or unused);</li>
 *   <li>{@code write-inline DESCRIPTOR DIRECTORY}: writes the files the descriptor states itself (configs).</li>
 * </ul>
 *
 * Exit status 0 on success, 1 for a bad descriptor, 2 for bad arguments.
 */
public final class FetchPlanCommand {
    private static final String USAGE = "usage: FetchPlanCommand describe|sources DESCRIPTOR.json | "
            + "write-inline DESCRIPTOR.json DIRECTORY";

    private FetchPlanCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || (args[0].equals("write-inline") ? args.length != 3 : args.length != 2)) {
            err.println(USAGE);
            return 2;
        }
        try {
            ModelDescriptor descriptor = ModelDescriptorReader.read(Path.of(args[1]));
            switch (args[0]) {
                case "describe" -> describe(descriptor, out);
                case "sources" -> sources(descriptor, out);
                case "write-inline" -> writeInline(descriptor, Path.of(args[2]));
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (IOException e) {
            err.println("bad model descriptor: " + e.getMessage());
            return 1;
        }
    }

    private static void describe(ModelDescriptor descriptor, PrintStream out) {
        out.println("id\t" + descriptor.id());
        out.println("name\t" + orDash(descriptor.name()));
        out.println("architecture\t" + descriptor.architecture());
        out.println("directory\t" + descriptor.directory());
        out.println("license\t" + orDash(descriptor.license()));
    }

    private static void sources(ModelDescriptor descriptor, PrintStream out) {
        for (ModelFile file : descriptor.files()) {
            for (FileSource source : file.sources()) {
                out.println(String.join("\t", file.path(), file.optional() ? "yes" : "no", source.url(),
                        source.format(), source.size().isPresent() ? Long.toString(source.size().getAsLong()) : "-",
                        orDash(source.sha256()), orDash(source.sha256Prefix()), orDash(source.entry()),
                        orDash(source.stripPrefix())));
            }
        }
    }

    private static void writeInline(ModelDescriptor descriptor, Path directory) throws IOException {
        for (ModelFile file : descriptor.files()) {
            if (file.content() != null) {
                Path target = directory.resolve(file.path());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.content());
            }
        }
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
