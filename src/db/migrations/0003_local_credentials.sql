-- Passwords of local accounts (AUTH_MODE=local). Kept out of `users`, which mirrors Supabase
-- Auth's public profile and must never carry a credential.
CREATE TABLE IF NOT EXISTS local_credentials (
  user_id uuid PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz
);

ALTER TABLE local_credentials ENABLE ROW LEVEL SECURITY;
