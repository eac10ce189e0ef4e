package org.clipfusion.sinks.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.Provenance;
import org.clipfusion.sinks.PromptSets;
import org.clipfusion.sinks.ResultJson;

/**
 * Writes a result into the schema of {@link SchemaMigrations}, once per request id: a result already stored (a
 * repeated delivery after a crash or a lost acknowledgement) is left as it is, so the table holds each result exactly
 * once however often the outbox delivers it. Its prompts are stored once per prompt set ({@link PromptSets}) and the
 * result refers to them by {@code prompt_set_id}.
 */
final class ResultTable {
    private ResultTable() {
    }

    /** @return false when the request id was already stored */
    static boolean insert(Connection connection, DetectionResult result) throws SQLException {
        connection.setAutoCommit(false);
        String promptSetId = storePromptSet(connection, result.provenance().prompts());
        try {
            if (exists(connection, result.requestId())) {
                connection.rollback();
                return false;
            }
            insertResult(connection, result, promptSetId);
            Provenance provenance = result.provenance();
            List<ModelInfo> models = provenance.models();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clipfusion_result_models"
                    + " (request_id, position, model_id, model_file, sha256) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < models.size(); i++) {
                    insert.setString(1, result.requestId());
                    insert.setInt(2, i);
                    insert.setString(3, models.get(i).id());
                    insert.setString(4, models.get(i).file());
                    insert.setString(5, models.get(i).sha256());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            insertTexts(connection, "clipfusion_result_references", "reference_image_id", result.requestId(),
                    provenance.referenceImageIds());
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            if (SchemaMigrations.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false; // stored concurrently by another delivery of the same result
            }
            throw e;
        }
    }

    /**
     * Stores the prompt set unless it is there, in a transaction of its own: a set without results is harmless, and a
     * concurrent store of the same set (two sinks on one database) must not roll the result back.
     */
    private static String storePromptSet(Connection connection, List<String> prompts) throws SQLException {
        String id = PromptSets.id(prompts);
        try {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM clipfusion_prompt_sets WHERE prompt_set_id = ?")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        connection.rollback();
                        return id;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clipfusion_prompt_sets"
                    + " (prompt_set_id, prompt_count, stored_at) VALUES (?, ?, ?)")) {
                insert.setString(1, id);
                insert.setInt(2, prompts.size());
                insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clipfusion_prompt_set_prompts"
                    + " (prompt_set_id, position, prompt) VALUES (?, ?, ?)")) {
                for (int i = 0; i < prompts.size(); i++) {
                    insert.setString(1, id);
                    insert.setInt(2, i);
                    insert.setString(3, prompts.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!SchemaMigrations.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
        return id;
    }

    private static boolean exists(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM clipfusion_results WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void insertResult(Connection connection, DetectionResult result, String promptSetId)
            throws SQLException {
        Provenance provenance = result.provenance();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clipfusion_results (request_id,"
                + " part_id, image_id, result_time, category, image_score, decision, threshold_value,"
                + " threshold_source, threshold_detail, fusion_strategy, alpha_segmentation, alpha_classification,"
                + " seed, software_version, map_width, map_height, map_max, record_json, stored_at, prompt_set_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int column = 1;
            insert.setString(column++, result.requestId());
            insert.setString(column++, result.partId());
            insert.setString(column++, result.imageId());
            insert.setObject(column++, result.time().atOffset(ZoneOffset.UTC));
            insert.setString(column++, provenance.category());
            setNumber(insert, column++, result.imageScore());
            insert.setString(column++, result.decision().name());
            setNumber(insert, column++, result.threshold().value());
            insert.setString(column++, result.threshold().source().name());
            insert.setString(column++, result.threshold().detail());
            insert.setString(column++, provenance.fusionStrategy());
            insert.setDouble(column++, provenance.alphaSegmentation());
            insert.setDouble(column++, provenance.alphaClassification());
            insert.setLong(column++, provenance.seed());
            insert.setString(column++, provenance.softwareVersion());
            insert.setInt(column++, result.map().width());
            insert.setInt(column++, result.map().height());
            setNumber(insert, column++, result.map().max());
            insert.setString(column++, ResultJson.of(result));
            insert.setObject(column++, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(column, promptSetId);
            insert.executeUpdate();
        }
    }

    private static void insertTexts(Connection connection, String table, String column, String requestId,
                                    List<String> texts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (request_id, position, "
                + column + ") VALUES (?, ?, ?)")) {
            for (int i = 0; i < texts.size(); i++) {
                insert.setString(1, requestId);
                insert.setInt(2, i);
                insert.setString(3, texts.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** NaN (an unset threshold, a failed score) is stored as NULL: SQL has no portable NaN. */
    private static void setNumber(PreparedStatement statement, int column, double value) throws SQLException {
        if (Double.isFinite(value)) {
            statement.setDouble(column, value);
        } else {
            statement.setNull(column, Types.DOUBLE);
        }
    }
}
