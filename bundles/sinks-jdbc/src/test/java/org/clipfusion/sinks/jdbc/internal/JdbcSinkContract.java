package org.clipfusion.sinks.jdbc.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.clipfusion.sinks.UndeliverableResultException;
import org.junit.jupiter.api.Test;

/** What every database the sink supports must do; subclasses supply the database. */
abstract class JdbcSinkContract {

    abstract JdbcConnector connector();

    JdbcSink sink() throws Exception {
        return new JdbcSink("db", connector(), SchemaMigrations.bundled());
    }

    @Test
    void storesTheResultWithEveryProvenanceFieldOnceHoweverOftenItIsDelivered() throws Exception {
        try (JdbcSink sink = sink()) {
            sink.deliver(SampleResults.withId("r1"));
            sink.deliver(SampleResults.withId("r1")); // a repeated delivery after a lost acknowledgement
            sink.deliver(SampleResults.withId("r2"));
        }
        try (Connection connection = connector().connect(); Statement statement = connection.createStatement()) {
            assertEquals(2, count(statement, "SELECT COUNT(*) FROM clipfusion_results"));
            try (ResultSet row = statement.executeQuery("SELECT part_id, image_id, result_time, category, image_score,"
                    + " decision, threshold_value, threshold_source, threshold_detail, fusion_strategy,"
                    + " alpha_segmentation, alpha_classification, seed, software_version, record_json"
                    + " FROM clipfusion_results WHERE request_id = 'r1'")) {
                assertTrue(row.next());
                assertEquals("part-7", row.getString(1));
                assertEquals("image-r1", row.getString(2));
                assertEquals(OffsetDateTime.parse("2026-11-28T10:15:30.5Z").toInstant(),
                        row.getObject(3, OffsetDateTime.class).toInstant());
                assertEquals("hazelnut", row.getString(4));
                assertEquals(0.8125, row.getDouble(5));
                assertEquals("ANOMALOUS", row.getString(6));
                assertEquals(0.5, row.getDouble(7));
                assertEquals("REFERENCES_LEAVE_ONE_OUT", row.getString(8));
                assertEquals("target FPR 0.01 over 4 references", row.getString(9));
                assertEquals("weighted-sum", row.getString(10));
                assertEquals(0.5, row.getDouble(11));
                assertEquals(0.25, row.getDouble(12));
                assertEquals(42, row.getLong(13));
                assertEquals("0.1.0.SNAPSHOT", row.getString(14));
                assertTrue(row.getString(15).contains("\"requestId\":\"r1\""));
            }
            assertEquals(List.of("open_clip/ViT-B-16-plus-240|ab12", "stable-diffusion-v1-5|cd34"),
                    texts(statement, "SELECT model_id || '|' || sha256 FROM clipfusion_result_models"
                            + " WHERE request_id = 'r1' ORDER BY position"));
            assertEquals(SampleResults.withId("r1").provenance().prompts(), texts(statement,
                    "SELECT p.prompt FROM clipfusion_results r JOIN clipfusion_prompt_set_prompts p"
                            + " ON p.prompt_set_id = r.prompt_set_id WHERE r.request_id = 'r1' ORDER BY p.position"));
            assertEquals(List.of("sha256:8261611191c2bc47644deec3001d19ab96e525d8dfd9c82176c0d786b765c581|2"),
                    texts(statement, "SELECT prompt_set_id || '|' || prompt_count FROM clipfusion_prompt_sets"),
                    "id: SHA-256 computed with Python's hashlib");
            assertEquals(List.of(), texts(statement, "SELECT prompt FROM clipfusion_result_prompts"),
                    "prompts are no longer stored per result");
            assertEquals(List.of("good/000.png", "good/001.png"), texts(statement, "SELECT reference_image_id FROM"
                    + " clipfusion_result_references WHERE request_id = 'r1' ORDER BY position"));
            assertEquals(List.of("1|results", "2|prompts_and_references", "3|prompt_sets"), texts(statement,
                    "SELECT version || '|' || description FROM clipfusion_schema_version ORDER BY version"));
        }
    }

    @Test
    void aSecondSinkFindsTheSchemaInPlaceAndMigratesNothing() throws Exception {
        try (JdbcSink first = sink()) {
            first.deliver(SampleResults.withId("a"));
        }
        try (Connection connection = connector().connect()) {
            assertEquals(3, SchemaMigrations.migrate(connection, SchemaMigrations.bundled()));
        }
    }

    @Test
    void aDatabaseWithANewerSchemaIsRefused() throws Exception {
        try (Connection connection = connector().connect()) {
            SchemaMigrations.migrate(connection, SchemaMigrations.bundled());
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO clipfusion_schema_version VALUES (99, 'future', CURRENT_TIMESTAMP)");
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> SchemaMigrations.migrate(connection, SchemaMigrations.bundled()));
            assertTrue(refused.getMessage().contains("version 99"), refused.getMessage());
        }
    }

    @Test
    void aValueTheDatabaseCannotStoreIsRejectedNotRetriedForever() throws Exception {
        try (JdbcSink sink = sink()) {
            assertThrows(UndeliverableResultException.class, () -> sink.deliver(SampleResults.withId("x".repeat(600))));
            sink.deliver(SampleResults.withId("next")); // the connection is still usable
        }
    }

    static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static List<String> texts(Statement statement, String sql) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                texts.add(rows.getString(1));
            }
        }
        return texts;
    }
}
