-- When a key last failed, beside what the failure was (last_error_type/category): the keys table
-- shows "rate limit, 3 min ago". Nullable: keys that never failed, and keys whose failures came
-- before this column, have no time.
ALTER TABLE provider_api_keys ADD COLUMN IF NOT EXISTS last_error_at timestamptz;
