-- First-start data: the built-in providers, a few models and the default settings.
-- Idempotent and additive: rows an existing deployment already has are left as they are.

INSERT INTO providers (provider_name, display_name, is_enabled, priority, updated_at) VALUES
  ('groq', 'Groq', true, 10, now()),
  ('bytez', 'Bytez', true, 5, now()),
  ('demo', 'Demo (offline)', true, 0, now())
ON CONFLICT (provider_name) DO NOTHING;

-- Groq models start inactive: they cannot answer until an admin adds a Groq API key and
-- activates them. The demo models work offline from the first start.
INSERT INTO ai_models (model_name, provider_name, description, status)
SELECT v.model_name, v.provider_name, v.description, v.status
FROM (VALUES
  ('llama-3.3-70b-versatile', 'groq', 'Llama 3.3 70B Versatile', 'inactive'),
  ('llama-3.1-8b-instant', 'groq', 'Llama 3.1 8B Instant', 'inactive'),
  ('demo-concise', 'demo', 'Demo · Concise (offline, canned answers)', 'active'),
  ('demo-detailed', 'demo', 'Demo · Detailed (offline, canned answers)', 'active')
) AS v (model_name, provider_name, description, status)
WHERE NOT EXISTS (
  SELECT 1 FROM ai_models m WHERE m.model_name = v.model_name AND m.provider_name = v.provider_name
);

INSERT INTO system_settings (key, value, updated_at) VALUES
  ('public_sharing', 'true', now()),
  ('max_prompt_chars', '16000', now()),
  ('anonymous_battles_enabled', 'true', now()),
  ('signup_open', 'true', now())
ON CONFLICT (key) DO NOTHING;
