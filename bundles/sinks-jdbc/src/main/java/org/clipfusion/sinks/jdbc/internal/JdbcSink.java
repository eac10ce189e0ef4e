package org.clipfusion.sinks.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.sinks.UndeliverableResultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores results in a database. One connection, opened (and the schema migrated) on the first delivery and after any
 * failure, so that a database that was down is simply reconnected on the outbox's next retry. Deliveries come from
 * one outbox thread; {@code synchronized} only guards against a close during a delivery.
 */
final class JdbcSink implements ResultSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);

    private final String id;
    private final JdbcConnector connector;
    private final List<SchemaMigrations.Migration> migrations;
    private Connection connection;

    JdbcSink(String id, JdbcConnector connector, List<SchemaMigrations.Migration> migrations) {
        this.id = id;
        this.connector = connector;
        this.migrations = List.copyOf(migrations);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void deliver(DetectionResult result) throws SQLException, UndeliverableResultException {
        try {
            ResultTable.insert(connection(), result);
        } catch (SQLException e) {
            if (isAboutTheData(e)) {
                throw new UndeliverableResultException("database sink '" + id + "' refuses request '"
                        + result.requestId() + "': " + e.getMessage(), e);
            }
            closeQuietly();
            throw new SQLException("database sink '" + id + "' at " + connector.describe() + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(connector.timeoutSeconds())) {
            closeQuietly();
            Connection opened = connector.connect();
            try {
                int version = SchemaMigrations.migrate(opened, migrations);
                LOG.info("database sink '{}' connected to {} (schema version {})", id, connector.describe(),
                        version);
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /**
     * SQLSTATE class 22 (data exception: a value too long, a NUL byte PostgreSQL cannot store) and integrity
     * violations other than the duplicate we expect: retrying the same result would fail forever.
     */
    private static boolean isAboutTheData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22")
                || (state.startsWith("23") && !SchemaMigrations.UNIQUE_VIOLATION.equals(state)));
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken: the next delivery opens a new one
            }
            connection = null;
        }
    }
}
