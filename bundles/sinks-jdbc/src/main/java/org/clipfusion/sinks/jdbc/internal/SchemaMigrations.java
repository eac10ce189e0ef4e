package org.clipfusion.sinks.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's ClipFusion tables to the schema this bundle writes. Migrations are the ordered SQL scripts
 * {@code migrations/V<n>__<what>.sql} listed in {@code migrations/index.txt}; {@code clipfusion_schema_version} records
 * each one applied. Each script runs in one transaction together with its version row, so on PostgreSQL (transactional
 * DDL) a failed migration leaves the previous version intact, and two sinks migrating one database at once cannot
 * both apply a version: the second one's version row conflicts, it rolls back and carries on from the version the
 * first one reached. (H2 commits DDL implicitly; its embedded database has one writer process anyway.) A database
 * newer than this bundle is refused rather than written to.
 */
final class SchemaMigrations {
    static final String VERSION_TABLE = "clipfusion_schema_version";
    /** SQLSTATE of a unique or primary-key violation, in PostgreSQL and H2 alike. */
    static final String UNIQUE_VIOLATION = "23505";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One script. */
    record Migration(int version, String description, String sql) {
    }

    private SchemaMigrations() {
    }

    /** The scripts shipped in this bundle, in order. */
    static List<Migration> bundled() throws IOException {
        List<Migration> migrations = new ArrayList<>();
        for (String line : resource("migrations/index.txt").split("\n")) {
            String name = line.trim();
            if (name.isEmpty()) {
                continue;
            }
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IOException("migration '" + name + "' is not named V<number>__<description>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != migrations.size() + 1) {
                throw new IOException("migration '" + name + "' breaks the sequence: expected V"
                        + (migrations.size() + 1));
            }
            migrations.add(new Migration(version, matcher.group(2), resource("migrations/" + name)));
        }
        return migrations;
    }

    /** Applies every migration the database lacks; returns the schema version now in force. */
    static int migrate(Connection connection, List<Migration> migrations) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            createVersionTable(connection);
            int current = currentVersion(connection);
            int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
            if (current > latest) {
                throw new SQLException("the database's ClipFusion schema is version " + current
                        + ", newer than this bundle's " + latest + ": update the sink bundle");
            }
            for (Migration migration : migrations) {
                if (migration.version() > current) {
                    try {
                        apply(connection, migration);
                        current = migration.version();
                    } catch (SQLException e) {
                        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw e;
                        }
                        current = currentVersion(connection); // another sink applied it meanwhile
                    }
                }
            }
            return current;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement claim = connection.prepareStatement("INSERT INTO " + VERSION_TABLE
                    + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                claim.setInt(1, migration.version());
                claim.setString(2, migration.description());
                claim.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                claim.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(migration.sql())) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            LOG.info("result database migrated to schema version {} ({})", migration.version(),
                    migration.description());
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema migration V" + migration.version() + "__" + migration.description()
                    + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Splits a script at lines holding only ';' and drops comment lines. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.equals(";")) {
                addIfAny(statements, current);
                current.setLength(0);
            } else if (!trimmed.startsWith("--")) {
                current.append(line).append('\n');
            }
        }
        addIfAny(statements, current);
        return statements;
    }

    private static void addIfAny(List<String> statements, StringBuilder statement) {
        if (!statement.toString().isBlank()) {
            statements.add(statement.toString().trim());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the bundle lacks its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
