-- Results and their provenance. Portable between PostgreSQL and H2 2.x.
-- Statements are separated by lines holding only ';' (see SchemaMigrations).
CREATE TABLE clipfusion_results (
    request_id           VARCHAR(512)             NOT NULL PRIMARY KEY,
    part_id              VARCHAR(512)             NOT NULL,
    image_id             VARCHAR(2048)            NOT NULL,
    result_time          TIMESTAMP WITH TIME ZONE NOT NULL,
    category             VARCHAR(256)             NOT NULL,
    image_score          DOUBLE PRECISION,
    decision             VARCHAR(16)              NOT NULL,
    threshold_value      DOUBLE PRECISION,
    threshold_source     VARCHAR(32)              NOT NULL,
    threshold_detail     VARCHAR(1024)            NOT NULL,
    fusion_strategy      VARCHAR(256)             NOT NULL,
    alpha_segmentation   DOUBLE PRECISION         NOT NULL,
    alpha_classification DOUBLE PRECISION         NOT NULL,
    seed                 BIGINT                   NOT NULL,
    software_version     VARCHAR(128)             NOT NULL,
    map_width            INTEGER                  NOT NULL,
    map_height           INTEGER                  NOT NULL,
    map_max              DOUBLE PRECISION,
    record_json          VARCHAR(1000000)         NOT NULL,
    stored_at            TIMESTAMP WITH TIME ZONE NOT NULL
)
;
CREATE INDEX clipfusion_results_time ON clipfusion_results (result_time)
;
CREATE INDEX clipfusion_results_part ON clipfusion_results (part_id)
;
CREATE TABLE clipfusion_result_models (
    request_id VARCHAR(512)  NOT NULL REFERENCES clipfusion_results (request_id),
    position   INTEGER       NOT NULL,
    model_id   VARCHAR(512)  NOT NULL,
    model_file VARCHAR(2048) NOT NULL,
    sha256     VARCHAR(64)   NOT NULL,
    PRIMARY KEY (request_id, position)
)
