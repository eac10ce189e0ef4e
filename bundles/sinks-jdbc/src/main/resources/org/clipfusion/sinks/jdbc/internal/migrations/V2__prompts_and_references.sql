-- Prompts and reference image ids as rows, so that audits can query them without parsing record_json.
CREATE TABLE clipfusion_result_prompts (
    request_id VARCHAR(512)  NOT NULL REFERENCES clipfusion_results (request_id),
    position   INTEGER       NOT NULL,
    prompt     VARCHAR(4096) NOT NULL,
    PRIMARY KEY (request_id, position)
)
;
CREATE TABLE clipfusion_result_references (
    request_id         VARCHAR(512)  NOT NULL REFERENCES clipfusion_results (request_id),
    position           INTEGER       NOT NULL,
    reference_image_id VARCHAR(2048) NOT NULL,
    PRIMARY KEY (request_id, position)
)
