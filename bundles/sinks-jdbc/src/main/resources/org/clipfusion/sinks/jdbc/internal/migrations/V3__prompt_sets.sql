-- A category's prompts are the same for every result until its configuration changes: store each prompt set once
-- (its id is the checksum of PromptSets.id) and let results refer to it. Results stored before keep their rows in
-- clipfusion_result_prompts; new results have prompt_set_id instead.
CREATE TABLE clipfusion_prompt_sets (
    prompt_set_id VARCHAR(80)              NOT NULL PRIMARY KEY,
    prompt_count  INTEGER                  NOT NULL,
    stored_at     TIMESTAMP WITH TIME ZONE NOT NULL
)
;
CREATE TABLE clipfusion_prompt_set_prompts (
    prompt_set_id VARCHAR(80)   NOT NULL REFERENCES clipfusion_prompt_sets (prompt_set_id),
    position      INTEGER       NOT NULL,
    prompt        VARCHAR(4096) NOT NULL,
    PRIMARY KEY (prompt_set_id, position)
)
;
ALTER TABLE clipfusion_results ADD COLUMN prompt_set_id VARCHAR(80) REFERENCES clipfusion_prompt_sets (prompt_set_id)
