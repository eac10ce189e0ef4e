package org.clipfusion.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What {@link PostgresServer}, {@link MosquittoBroker} and {@link KafkaBroker} share: finding binaries, free ports,
 * running commands, waiting for a started server to listen and stopping it.
 */
final class ServerProcesses {
    private ServerProcesses() {
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * The executable {@code name} on the PATH or in one of {@code extraFolders} (globs of one '*' level allowed, the
     * highest match first); fails with how to install it, because a test that silently skips looks like one that
     * passes.
     */
    static Path require(String name, String installHint, String... extraFolders) {
        List<Path> candidates = new ArrayList<>();
        for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!folder.isEmpty()) {
                candidates.add(Path.of(folder));
            }
        }
        for (String folder : extraFolders) {
            candidates.addAll(expand(folder));
        }
        Optional<Path> found = candidates.stream().map(folder -> folder.resolve(name)).filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException("'" + name + "' is not installed, and the tests "
                + "need a real server. Install it with: " + installHint));
    }

    private static List<Path> expand(String folderPattern) {
        int star = folderPattern.indexOf('*');
        if (star < 0) {
            return List.of(Path.of(folderPattern));
        }
        Path base = Path.of(folderPattern.substring(0, folderPattern.lastIndexOf('/', star)));
        String rest = folderPattern.substring(folderPattern.indexOf('/', star) + 1);
        try (Stream<Path> children = Files.list(base)) {
            return children.sorted(Comparator.reverseOrder()).map(child -> child.resolve(rest)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Waits until {@code server} accepts connections on the loopback {@code port}; fails with its log when it exits
     * first or does not listen within {@code timeoutSeconds}.
     */
    static void awaitListening(Process server, String name, int port, int timeoutSeconds, long pollMillis,
                               Supplier<String> log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException(name + " exited at start: " + log.get());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(pollMillis);
            }
        }
        throw new IOException(name + " did not listen on " + port + " within " + timeoutSeconds + " s: " + log.get());
    }

    /** SIGTERM, so the server shuts down as an operator's stop would; SIGKILL when it has not ended in time. */
    static void stop(Process server, int graceSeconds) throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy();
            if (!server.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    /** Runs a command to completion; fails with its output when it exits non-zero. */
    static String run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = log == null ? Files.createTempFile("clipfusion-server-", ".log") : log;
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (log == null) {
            Files.deleteIfExists(output);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    /** A folder other users can enter, for servers that refuse to run as root and so run as their own user. */
    static Path sharedTemporaryFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix);
        folder.toFile().setReadable(true, false);
        folder.toFile().setExecutable(true, false);
        return folder;
    }

    static void deleteRecursively(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
