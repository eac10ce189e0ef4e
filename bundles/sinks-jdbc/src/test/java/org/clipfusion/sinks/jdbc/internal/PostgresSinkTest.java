package org.clipfusion.sinks.jdbc.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.clipfusion.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real PostgreSQL server (Debian's package), started by the test; fails if it is not installed. */
class PostgresSinkTest extends JdbcSinkContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start("sink-test");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection connection = connector().connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS clipfusion_result_models, clipfusion_result_prompts,"
                    + " clipfusion_result_references, clipfusion_results, clipfusion_prompt_set_prompts,"
                    + " clipfusion_prompt_sets, clipfusion_schema_version");
        }
    }

    @Override
    JdbcConnector connector() {
        return new JdbcConnector(server.jdbcUrl(), PostgresServer.USER, "", 3);
    }

    @Test
    void aServerThatGoesDownFailsTheDeliveryAndTheSameSinkReconnectsWhenItIsBack() throws Exception {
        try (JdbcSink sink = sink()) {
            sink.deliver(SampleResults.withId("before"));
            server.stop();
            SQLException down = assertThrows(SQLException.class, () -> sink.deliver(SampleResults.withId("during")));
            assertTrue(down.getMessage().contains("database sink 'db'"), down.getMessage());
            server.start();
            sink.deliver(SampleResults.withId("during"));
        }
        try (Connection connection = connector().connect(); Statement statement = connection.createStatement()) {
            assertEquals(2, count(statement, "SELECT COUNT(*) FROM clipfusion_results"));
        }
    }

    @Test
    void aNulInARequestIdIsRejectedByPostgresAndSkippedNotRetriedForever() throws Exception {
        try (JdbcSink sink = sink()) {
            assertThrows(org.clipfusion.sinks.UndeliverableResultException.class,
                    () -> sink.deliver(SampleResults.withId("nul\u0000id")));
        }
    }
}
