package org.clipfusion.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PostgreSQL server for tests: {@code initdb} into a temporary folder, {@code pg_ctl} on a free port on
 * 127.0.0.1 with trust authentication for user {@value #USER}. PostgreSQL refuses to run as root, so as root the
 * server runs as the {@code postgres} user (created by Debian's package) through {@code runuser}. {@link #stop()} and
 * {@link #start()} simulate an outage; {@link #close()} removes everything.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "clipfusion";
    private static final String INSTALL = "apt-get install -y postgresql (Debian/Ubuntu), then rerun the tests";
    private static final String[] DEBIAN_FOLDERS = {"/usr/lib/postgresql/*/bin"};

    private final Path folder;
    private final Path data;
    private final Path log;
    private final int port;
    private final Path pgCtl;

    private PostgresServer(Path folder, int port, Path pgCtl) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.log = folder.resolve("server.log");
        this.port = port;
        this.pgCtl = pgCtl;
    }

    /** Creates and starts a server; fails with how to install PostgreSQL when its binaries are missing. */
    public static PostgresServer start(String name) throws IOException, InterruptedException {
        Path initdb = ServerProcesses.require("initdb", INSTALL, DEBIAN_FOLDERS);
        Path pgCtl = ServerProcesses.require("pg_ctl", INSTALL, DEBIAN_FOLDERS);
        Path folder = ServerProcesses.sharedTemporaryFolder("clipfusion-pg-" + name + "-");
        PostgresServer server = new PostgresServer(folder, ServerProcesses.freePort(), pgCtl);
        if (ServerProcesses.runningAsRoot()) {
            ServerProcesses.run(List.of("chown", "postgres:", folder.toString()), null, 30);
        }
        server.runAsServerUser(List.of(initdb.toString(), "-D", server.data.toString(), "-U", USER,
                "--auth=trust", "--encoding=UTF8", "--no-sync"), 120);
        server.start();
        return server;
    }

    /** Starts (again) on the same port and data. */
    public void start() throws IOException, InterruptedException {
        runAsServerUser(List.of(pgCtl.toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), 90);
    }

    /** Stops immediately, as a crash or an unplugged server would ({@code -m immediate}). */
    public void stop() throws IOException, InterruptedException {
        runAsServerUser(List.of(pgCtl.toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), 60);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** The server's log, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            // already stopped
        }
        ServerProcesses.deleteRecursively(folder);
    }

    private void runAsServerUser(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (ServerProcesses.runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ServerProcesses.run(full, null, timeoutSeconds);
    }
}
