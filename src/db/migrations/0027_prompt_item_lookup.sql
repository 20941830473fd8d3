-- An evaluation's answer job, once its answer is stored, looks up the places of that prompt in
-- the run's prompt-set version to send the judgments it made ready. Without this index that read
-- walked every item of the version (10,000 in a large set) for each answer.
CREATE INDEX IF NOT EXISTS prompt_set_items_prompt_idx ON prompt_set_items (prompt_set_id, version, prompt_hash);
