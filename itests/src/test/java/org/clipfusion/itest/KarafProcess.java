package org.clipfusion.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution run the way a plant runs it: unpacked, started with {@code bin/start}, driven with
 * {@code bin/clipfusion-shell}, stopped with {@code bin/stop}. Pax Exam cannot restart its container in the middle of
 * a test; this can, any number of times, on the same {@code data/} folder.
 */
final class KarafProcess {
    private final Path home;
    private int httpPort;

    private KarafProcess(Path home) {
        this.home = home;
    }

    /** Unpacks the archive under {@code folder} and moves the SSH, RMI and shutdown ports to free ones. */
    static KarafProcess unpack(Path archive, Path folder, String javacppCache) throws Exception {
        Files.createDirectories(folder);
        run(folder, 300, "tar", "xzf", archive.toString(), "-C", folder.toString());
        Path home;
        try (var children = Files.list(folder)) {
            home = children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("nothing unpacked from " + archive));
        }
        KarafProcess karaf = new KarafProcess(home);
        karaf.setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort()));
        karaf.setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort()));
        karaf.setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()));
        karaf.httpPort = freePort();
        karaf.setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(
                karaf.httpPort));
        // One unpacked copy of the natives for every boot of a build.
        karaf.setProperty("etc/system.properties", "org.bytedeco.javacpp.cachedir", javacppCache);
        return karaf;
    }

    Path home() {
        return home;
    }

    /** The HTTP port (API, dashboard, metrics), a free one chosen at unpacking. */
    int httpPort() {
        return httpPort;
    }

    /** Writes {@code etc/<name>} (a configuration file picked up by Karaf's file install). */
    void writeConfiguration(String name, String... lines) throws IOException {
        Files.writeString(home.resolve("etc").resolve(name), String.join("\n", lines) + "\n");
    }

    void deploy(Path bundle) throws IOException {
        Files.copy(bundle, home.resolve("deploy").resolve(bundle.getFileName()));
    }

    /** Starts in the background and waits until the shell answers. */
    void start() throws Exception {
        run(home, 60, "bin/start");
        if (!Files.exists(home.resolve("etc/clipfusion-client-key"))) {
            awaitTrue("the SSH console", 180, () -> run(home, 30, "bin/clipfusion-access").exitCode == 0);
        }
        awaitTrue("the shell", 180, () -> shell("bundle:list -t 0 -s").exitCode == 0);
    }

    /** Stops and waits until the JVM is gone. */
    void stop() throws Exception {
        run(home, 60, "bin/stop");
        awaitTrue("Karaf to stop", 120, () -> run(home, 30, "bin/status").exitCode != 0);
        // bin/status answers "not running" once the shutdown port has closed, while the JVM may still be stopping
        // bundles and holding data/lock: a bin/start then would wait for that lock instead of starting.
        for (ProcessHandle karaf : karafJvms()) {
            karaf.onExit().get(120, TimeUnit.SECONDS);
        }
    }

    private List<ProcessHandle> karafJvms() {
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> line.contains("-Dkaraf.home=" + home + " ") || line.contains("-Dkaraf.home=" + home
                        + "/ ")).orElse(false)).toList();
    }

    /** Kills the Karaf JVM with SIGKILL, as a power cut or {@code kill -9} would, and waits until it is gone. */
    void kill9() throws Exception {
        List<ProcessHandle> karafs = karafJvms();
        if (karafs.isEmpty()) {
            throw new AssertionError("no running Karaf JVM found for " + home);
        }
        for (ProcessHandle karaf : karafs) {
            run(home, 30, "kill", "-9", Long.toString(karaf.pid()));
            karaf.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    /** Runs one shell command through {@code bin/clipfusion-shell}. */
    Outcome shell(String command) throws Exception {
        return run(home, 600, "bin/clipfusion-shell", command);
    }

    /** The command's output; fails with it when the command fails. */
    String shellOk(String command) throws Exception {
        Outcome outcome = shell(command);
        if (outcome.exitCode != 0) {
            throw new AssertionError("'" + command + "' failed (" + outcome.exitCode + "):\n" + outcome.output
                    + "\n--- karaf.log tail ---\n" + logTail());
        }
        return outcome.output;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Counts log lines containing {@code text}. */
    long logLines(String text) throws IOException {
        try (var lines = Files.lines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path);
        Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String line = key + " = " + value;
        text = matcher.find() ? matcher.replaceAll(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Files.writeString(path, text);
    }

    record Outcome(int exitCode, String output) {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void awaitTrue(String what, int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    static Outcome run(Path folder, int timeoutSeconds, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(command));
        Path output = Files.createTempFile("karaf-process-", ".out");
        try {
            Process process = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            "/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds
                        + " s");
            }
            return new Outcome(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
