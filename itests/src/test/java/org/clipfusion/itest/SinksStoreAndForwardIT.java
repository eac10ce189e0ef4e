package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.clipfusion.testing.MosquittoBroker;
import org.clipfusion.testing.MqttRecorder;
import org.clipfusion.testing.PostgresServer;
import org.junit.Test;

/**
 * Store-and-forward end to end, with real servers: 1,000 results detected by the distribution while PostgreSQL and
 * Mosquitto are stopped for part of the run and Karaf is restarted once in between; afterwards the database holds
 * exactly the 1,000 results, the MQTT consumer got every one of them (at least once; duplicates by request id), and
 * the file sink wrote each one's JSON record and map.
 *
 * <p>Karaf runs as an external process ({@link KarafProcess}: {@code bin/start}, {@code bin/clipfusion-shell},
 * {@code bin/stop}), because Pax Exam cannot restart its container inside a test.
 */
public class SinksStoreAndForwardIT {
    private static final int BATCH = 250;
    private static final String CATEGORY = "line";

    @Test
    public void thousandResultsSurviveServerOutagesAndAKarafRestart() throws Exception {
        Path work = Path.of(System.getProperty("clipfusion.examDir"), "sinks-store-and-forward");
        deleteRecursively(work); // a previous run's data/ would hold its outbox and cursors
        try (PostgresServer database = PostgresServer.start("itest");
             MosquittoBroker broker = MosquittoBroker.start("itest");
             MqttRecorder consumer = new MqttRecorder(broker.url(), "itest-plant-consumer", "itest/results/#")) {
            KarafProcess karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")),
                    work.resolve("karaf"), System.getProperty("clipfusion.javacppCache"));
            Path archive = work.resolve("archive");
            configure(karaf, database, broker, archive);
            Path[] batches = new Path[4];
            for (int b = 0; b < batches.length; b++) {
                for (int i = 0; i < BATCH; i++) {
                    batches[b] = ItestImages.png(work.resolve("images/batch" + b), "img_" + i + ".png", 60 + i % 120,
                            i % 10 == 0).getParent();
                }
            }
            try {
                karaf.start();
                awaitReady(karaf);

                detect(karaf, batches[0]);                      // servers up
                database.stop();
                broker.stop();
                detect(karaf, batches[1]);                      // both down: kept in the outbox
                String backlog = karaf.shellOk("clipfusion:sinks");
                assertTrue(backlog, backlog.contains("BACKING_OFF"));
                // bin/clipfusion-shell, as line software calls it: the output alone, and the command's status.
                assertTrue(backlog, !backlog.contains("closed by remote host"));
                assertEquals(1, karaf.shell("clipfusion:detect -c no_such_category " + batches[0]).exitCode());

                karaf.stop();                                   // restart with a backlog
                karaf.start();
                awaitReady(karaf);
                detect(karaf, batches[2]);                      // still down after the restart

                database.start();
                broker.start();
                detect(karaf, batches[3]);                      // back: backlog and new results flow

                KarafProcess.awaitTrue("every result in the database and at the consumer", 600,
                        () -> count(database, "SELECT COUNT(*) FROM clipfusion_results") >= 4L * BATCH
                                && new HashSet<>(consumer.requestIds()).size() >= 4 * BATCH);
                KarafProcess.awaitTrue("empty backlogs", 60, () -> karaf.shellOk("clipfusion:sinks")
                        .matches("(?s).*archive\\s*[|\u2502]\\s*file\\s*[|\u2502]\\s*IDLE\\s*[|\u2502]\\s*0\\s*[|\u2502].*"
                                + "plantdb\\s*[|\u2502]\\s*jdbc\\s*[|\u2502]\\s*IDLE\\s*[|\u2502]\\s*0\\s*[|\u2502].*"
                                + "plantmqtt\\s*[|\u2502]\\s*mqtt\\s*[|\u2502]\\s*IDLE\\s*[|\u2502]\\s*0\\s*[|\u2502].*"));

                Set<String> stored = requestIds(database);
                Set<String> published = new HashSet<>(consumer.requestIds());
                assertEquals(4 * BATCH, count(database, "SELECT COUNT(*) FROM clipfusion_results"));
                assertEquals(4 * BATCH, stored.size());
                assertEquals(stored, published);
                assertEquals(stored, archivedRequestIds(archive));
                assertEquals(0, count(database, "SELECT COUNT(*) FROM clipfusion_results WHERE software_version = ''"
                        + " OR category <> '" + CATEGORY + "'"));
                System.out.printf("store-and-forward: %d results stored, %d MQTT messages (%d duplicates)%n",
                        stored.size(), consumer.requestIds().size(), consumer.requestIds().size() - published.size());
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- karaf.log tail ---\n" + karaf.logTail(), e);
            } finally {
                if (Files.exists(karaf.home().resolve("data"))) {
                    karaf.stop();
                }
            }
        }
    }

    private static void configure(KarafProcess karaf, PostgresServer database, MosquittoBroker broker, Path archive)
            throws Exception {
        karaf.writeConfiguration("org.clipfusion.sinks.file-archive.cfg", "directory = " + archive,
                "mapFormat = png16", "heatmap = true", "mask = true");
        karaf.deploy(Path.of(System.getProperty("clipfusion.checkBundle")));
        karaf.writeConfiguration("org.clipfusion.itest.brightness.cfg", "enabled = true");
        // A list in array syntax beside plain values: Karaf passes it on as one string, which ConfigLists reads.
        karaf.writeConfiguration("org.clipfusion.category-" + CATEGORY + ".cfg", "name = " + CATEGORY,
                "scorers = [ \"itest-brightness\" ]", "thresholdMode = value", "threshold = 0.4");
        karaf.writeConfiguration("org.clipfusion.sinks.outbox.cfg", "initialBackoffMillis = 200",
                "maxBackoffMillis = 2000");
        karaf.writeConfiguration("org.clipfusion.sinks.jdbc-plantdb.cfg", "url = " + database.jdbcUrl(),
                "user = " + PostgresServer.USER, "timeoutSeconds = 3");
        karaf.writeConfiguration("org.clipfusion.sinks.mqtt-plantmqtt.cfg", "brokerUrl = " + broker.url(),
                "topic = itest/results/{category}", "timeoutSeconds = 3");
    }

    /** The scorer, the category and the three sinks are registered: detections now reach the outbox. */
    private static void awaitReady(KarafProcess karaf) throws Exception {
        KarafProcess.awaitTrue("the scorer, the category and the three sinks", 180, () -> {
            String status = karaf.shell("clipfusion:status").output();
            String sinks = karaf.shell("clipfusion:sinks").output();
            String categories = karaf.shell("clipfusion:categories").output();
            return status.contains("itest-brightness") && categories.contains(CATEGORY)
                    && sinks.matches("(?s).*archive\\s*[|\u2502]\\s*file.*")
                    && sinks.matches("(?s).*plantdb\\s*[|\u2502]\\s*jdbc.*")
                    && sinks.matches("(?s).*plantmqtt\\s*[|\u2502]\\s*mqtt.*");
        });
    }

    /**
     * The request ids of the file sink's JSON records (UUIDs are kept as file names as they are); the prompt set
     * documents under {@code prompt-sets/} are not records.
     */
    private static Set<String> archivedRequestIds(Path archive) throws Exception {
        Set<String> ids = new HashSet<>();
        try (var files = Files.walk(archive)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("prompt-sets")).toList()) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".json".length()));
                assertTrue(file + " has no map", Files.exists(file.resolveSibling(name.replace(".json", "_map.png"))));
            }
        }
        return ids;
    }

    private static void detect(KarafProcess karaf, Path folder) throws Exception {
        karaf.shellOk("clipfusion:detect -c " + CATEGORY + " -p itest-part " + folder);
    }

    private static void deleteRecursively(Path folder) throws Exception {
        if (Files.exists(folder)) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static long count(PostgresServer database, String sql) throws Exception {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // not reachable yet, or the table is not created yet
        }
    }

    private static Set<String> requestIds(PostgresServer database) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT request_id FROM clipfusion_results")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static Connection connect(PostgresServer database) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", PostgresServer.USER);
        return new org.postgresql.Driver().connect(database.jdbcUrl(), properties);
    }
}
