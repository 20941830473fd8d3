-- What the leaderboard reads from the per-comparison facts (0006) fast: whether they changed
-- (the cache's watermark reads the newest row of each), and the few battles that leak an
-- identity (left out of the blind set, usually a small share of all votes).
CREATE INDEX IF NOT EXISTS comparison_features_computed_idx ON comparison_features (computed_at);
CREATE INDEX IF NOT EXISTS comparison_labels_labelled_idx ON comparison_labels (labelled_at);
CREATE INDEX IF NOT EXISTS comparison_features_identity_leak_idx ON comparison_features (comparison_id) WHERE identity_leak;
