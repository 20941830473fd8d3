-- The admin audit log: who did what to which thing, when and from where. Append-only: a trigger
-- refuses UPDATE, DELETE and TRUNCATE, so neither a route nor a stray statement can rewrite
-- history (a restore, which replaces the whole database, lifts it inside its own transaction).
CREATE TABLE IF NOT EXISTS audit_log (
  entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- No foreign key: an entry outlives the account that made it.
  actor_id uuid,
  actor_email text,
  -- user (an admin's request) | cli (npx dualmind) | local (a local tool through the server)
  actor_kind text NOT NULL,
  ip text,
  -- users.delete, keys.update, database.restore, ...
  action text NOT NULL,
  method text,
  route text,
  target text,
  status integer,
  -- The redacted request, the identifying fields of the answer, and what the route added.
  details jsonb NOT NULL DEFAULT '{}',
  request_id text
);

CREATE INDEX IF NOT EXISTS audit_log_created_idx ON audit_log (created_at DESC, entry_id DESC);
CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON audit_log (actor_id, created_at DESC);
CREATE INDEX IF NOT EXISTS audit_log_action_idx ON audit_log (action text_pattern_ops, created_at DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION dualmind_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION dualmind_audit_log_append_only();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION dualmind_audit_log_append_only();
