-- Account state beyond the seed's users columns: nullable additions (DESIGN principle 2) and
-- two tables of our own.

-- Set while an admin has disabled the account: its tokens stop working, its data stays.
ALTER TABLE users ADD COLUMN IF NOT EXISTS disabled_at timestamptz;
-- Local access tokens carry the generation they were issued under (NULL reads as 0). Changing
-- or resetting the password, or disabling the account, bumps it: every older token stops working.
ALTER TABLE users ADD COLUMN IF NOT EXISTS token_generation integer;

-- Tombstones of deleted accounts. A token issued before the deletion stays valid until it
-- expires, and ensureUserExists would otherwise recreate the user on its next request. Only the
-- id is kept (in Supabase mode, the id of the auth user).
CREATE TABLE IF NOT EXISTS deleted_accounts (
  user_id uuid PRIMARY KEY,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE deleted_accounts ENABLE ROW LEVEL SECURITY;

-- One-time password resets an admin sets for a local account and hands over (no mail server is
-- assumed). Only the SHA-256 of the code is stored; using it deletes the row.
CREATE TABLE IF NOT EXISTS password_resets (
  user_id uuid PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
  code_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
