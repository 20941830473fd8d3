-- Evaluation runs (issue 15): judge prompts (versioned like prompt sets), runs, and the answers
-- and judgments they produce. Answers and judgments are keyed by their inputs, not by the run:
-- a unique key makes each one exist once (under kill -9 and several instances alike), and a
-- later run that needs the same answer or judgment reuses it. Judge verdicts live here, never in
-- model_votes.

CREATE TABLE IF NOT EXISTS judge_prompts (
  judge_prompt_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL: built in, offered to everyone and edited by no one.
  user_id uuid REFERENCES users (user_id) ON DELETE CASCADE,
  name text NOT NULL,
  latest_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS judge_prompt_versions (
  judge_prompt_id uuid NOT NULL REFERENCES judge_prompts (judge_prompt_id) ON DELETE CASCADE,
  version integer NOT NULL,
  system_prompt text NOT NULL,
  -- Placeholders {question}, {answer_a}, {answer_b} and optionally {reference}.
  prompt_template text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (judge_prompt_id, version)
);

-- The default judge, modelled on Arena-Hard's: the judge answers the prompt itself first, then
-- weighs both answers and ends with one of five labels.
INSERT INTO judge_prompts (judge_prompt_id, user_id, name, latest_version)
VALUES ('6a0d7c1e-3f1b-4c5e-9a51-000000000001', NULL, 'Pairwise judge (Arena-Hard style)', 1)
ON CONFLICT (judge_prompt_id) DO NOTHING;

INSERT INTO judge_prompt_versions (judge_prompt_id, version, system_prompt, prompt_template)
VALUES (
  '6a0d7c1e-3f1b-4c5e-9a51-000000000001',
  1,
  E'You are an impartial judge. Two AI assistants, A and B, answered the same user prompt; decide which answer serves the user better.\n\n' ||
  E'Before you judge, write your own answer to the prompt. Then compare each assistant''s answer with yours, and point out and correct any mistake or inaccurate statement.\n\n' ||
  E'Weigh whether each answer is helpful (it does what the prompt asks; when the prompt is ambiguous, asking for clarification beats guessing), relevant (every part of it bears on the prompt) and concise (clear, without padding). Where the prompt calls for it, weigh creativity and novelty too. Say what important information either answer leaves out.\n\n' ||
  E'When a reference answer is given, treat it as the standard of correctness. Neither the order in which the answers appear nor their length may sway you.\n\n' ||
  E'Finish with exactly one of these verdict labels:\n' ||
  E'[[A>>B]] Assistant A is much better\n' ||
  E'[[A>B]] Assistant A is slightly better\n' ||
  E'[[A=B]] Tie: they are about equally good\n' ||
  E'[[B>A]] Assistant B is slightly better\n' ||
  E'[[B>>A]] Assistant B is much better\n\n' ||
  E'For example: "My final verdict: [[A=B]]".',
  E'<|User Prompt|>\n{question}\n{reference}\n<|Start of Assistant A''s Answer|>\n{answer_a}\n<|End of Assistant A''s Answer|>\n\n<|Start of Assistant B''s Answer|>\n{answer_b}\n<|End of Assistant B''s Answer|>'
)
ON CONFLICT (judge_prompt_id, version) DO NOTHING;

CREATE TABLE IF NOT EXISTS evaluations (
  evaluation_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  name text,
  prompt_set_id uuid NOT NULL,
  prompt_set_version integer NOT NULL,
  -- vs_baseline | round_robin
  mode text NOT NULL CHECK (mode IN ('vs_baseline', 'round_robin')),
  -- The models compared (the baseline not among them).
  model_ids uuid[] NOT NULL,
  baseline_model_id uuid REFERENCES ai_models (model_id),
  judge_model_id uuid NOT NULL REFERENCES ai_models (model_id),
  judge_prompt_id uuid NOT NULL,
  judge_prompt_version integer NOT NULL,
  -- How answers are asked for ({"system_prompt": ...}); its hash is part of an answer's key.
  generation_settings jsonb NOT NULL DEFAULT '{}',
  settings_hash text NOT NULL,
  -- queued | running | paused | done | failed | cancelled
  status text NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
  -- Bumped by every resume: a job of an earlier attempt does nothing, and failed items are retried.
  attempt integer NOT NULL DEFAULT 1,
  error text,
  answers_total integer NOT NULL,
  judgments_total integer NOT NULL,
  -- Time spent running, paused spans left out, up to the last status change (started_at onwards).
  active_ms bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- When it last went to running (the start of the span active_ms does not hold yet).
  resumed_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The results, computed once when the run is done.
  results jsonb,
  FOREIGN KEY (prompt_set_id, prompt_set_version) REFERENCES prompt_set_versions (prompt_set_id, version),
  FOREIGN KEY (judge_prompt_id, judge_prompt_version) REFERENCES judge_prompt_versions (judge_prompt_id, version)
);
CREATE INDEX IF NOT EXISTS evaluations_user_idx ON evaluations (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS evaluations_live_idx ON evaluations (status) WHERE status IN ('queued', 'running');

CREATE TABLE IF NOT EXISTS eval_answers (
  answer_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model_id uuid NOT NULL REFERENCES ai_models (model_id),
  prompt_hash text NOT NULL REFERENCES eval_prompts (prompt_hash),
  settings_hash text NOT NULL,
  answer_text text NOT NULL DEFAULT '',
  -- {"category", "message"} when the model could not answer; such a row is retried by the next
  -- attempt of a run (see `attempt_tag`) and never judged.
  error jsonb,
  input_tokens integer,
  output_tokens integer,
  time_ms integer,
  ttft_ms integer,
  -- The provider that served it (the gateway may fail over to another).
  provider_name text,
  -- The run attempt that wrote it: "<evaluation_id>:<attempt>".
  attempt_tag text,
  evaluation_id uuid REFERENCES evaluations (evaluation_id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (model_id, prompt_hash, settings_hash)
);
CREATE INDEX IF NOT EXISTS eval_answers_evaluation_idx ON eval_answers (evaluation_id);

CREATE TABLE IF NOT EXISTS eval_judgments (
  judgment_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  judge_model_id uuid NOT NULL REFERENCES ai_models (model_id),
  judge_prompt_id uuid NOT NULL,
  judge_prompt_version integer NOT NULL,
  -- Hex SHA-256 of the prompt and its reference answer: what the judge was shown besides the answers.
  question_hash text NOT NULL,
  -- The answer shown first (position A) and second (position B).
  answer_a_id uuid NOT NULL REFERENCES eval_answers (answer_id) ON DELETE CASCADE,
  answer_b_id uuid NOT NULL REFERENCES eval_answers (answer_id) ON DELETE CASCADE,
  -- A>>B | A>B | A=B | B>A | B>>A; unparsed: no label twice running; failed: the judge could not be called.
  verdict text NOT NULL CHECK (verdict IN ('A>>B', 'A>B', 'A=B', 'B>A', 'B>>A', 'unparsed', 'failed')),
  -- The judge's full text (its reasoning) from the last attempt.
  judgment_text text NOT NULL DEFAULT '',
  attempts integer NOT NULL DEFAULT 1,
  error jsonb,
  input_tokens integer,
  output_tokens integer,
  time_ms integer,
  provider_name text,
  attempt_tag text,
  evaluation_id uuid REFERENCES evaluations (evaluation_id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (judge_prompt_id, judge_prompt_version) REFERENCES judge_prompt_versions (judge_prompt_id, version),
  UNIQUE (judge_model_id, judge_prompt_id, judge_prompt_version, question_hash, answer_a_id, answer_b_id)
);
CREATE INDEX IF NOT EXISTS eval_judgments_evaluation_idx ON eval_judgments (evaluation_id);

ALTER TABLE judge_prompts ENABLE ROW LEVEL SECURITY;
ALTER TABLE judge_prompt_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY;
ALTER TABLE eval_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE eval_judgments ENABLE ROW LEVEL SECURITY;
