package org.clipfusion.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away Mosquitto broker for tests, on a free port on 127.0.0.1, anonymous access, with persistence so that a
 * subscriber's persistent session (clean session false) and its queued QoS 1 messages survive {@link #stop()} and
 * {@link #start()}, which simulate an outage.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final String INSTALL = "apt-get install -y mosquitto (Debian/Ubuntu), then rerun the tests";

    private final Path folder;
    private final Path config;
    private final int port;
    private final Path executable;
    private Process process;

    private MosquittoBroker(Path folder, int port, Path executable) {
        this.folder = folder;
        this.config = folder.resolve("mosquitto.conf");
        this.port = port;
        this.executable = executable;
    }

    /** Creates and starts a broker; fails with how to install Mosquitto when it is missing. */
    public static MosquittoBroker start(String name) throws IOException, InterruptedException {
        Path executable = ServerProcesses.require("mosquitto", INSTALL, "/usr/sbin");
        Path folder = ServerProcesses.sharedTemporaryFolder("clipfusion-mqtt-" + name + "-");
        MosquittoBroker broker = new MosquittoBroker(folder, ServerProcesses.freePort(), executable);
        Files.writeString(broker.config, String.join("\n",
                "listener " + broker.port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + folder + "/",
                "autosave_interval 1",
                "max_queued_messages 100000",
                ServerProcesses.runningAsRoot() ? "user root" : "",
                "log_dest file " + folder.resolve("broker.log"),
                ""));
        broker.start();
        return broker;
    }

    public synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(executable.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("stdout.log").toFile()).start();
        ServerProcesses.awaitListening(process, "mosquitto", port, 30, 50, this::log);
    }

    /** Stops the broker (SIGTERM: it saves its persistence file, as a restarted broker would). */
    public synchronized void stop() throws InterruptedException {
        ServerProcesses.stop(process, 20);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(folder.resolve("broker.log")) + Files.readString(folder.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        ServerProcesses.deleteRecursively(folder);
    }
}
