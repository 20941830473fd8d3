-- Invite codes for invite-only sign-up. Only a hash of each code is kept: the code itself is
-- shown once, to the admin who created it. Revoked invites stay, so who invited whom stays known.
CREATE TABLE IF NOT EXISTS signup_invites (
  invite_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code_hash text NOT NULL UNIQUE,
  note text,
  max_uses integer NOT NULL DEFAULT 1 CHECK (max_uses >= 1),
  uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
  expires_at timestamptz NOT NULL,
  created_by uuid REFERENCES users (user_id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

ALTER TABLE signup_invites ENABLE ROW LEVEL SECURITY;

-- `signup_open` becomes `signup_enabled` (same values), beside the new `signup_invite_only`.
INSERT INTO system_settings (key, value, updated_at)
SELECT 'signup_enabled', COALESCE((SELECT value FROM system_settings WHERE key = 'signup_open'), 'true'), now()
ON CONFLICT (key) DO NOTHING;

INSERT INTO system_settings (key, value, updated_at) VALUES ('signup_invite_only', 'false', now())
ON CONFLICT (key) DO NOTHING;

DELETE FROM system_settings WHERE key = 'signup_open';
