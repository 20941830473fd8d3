-- The base URL of a provider's OpenAI-compatible API, for generic providers (any name other than
-- groq, bytez and demo): its models use it when their own api_url is empty, discovery lists its
-- models there, and its API keys are sent only to that host. Nullable: existing providers keep
-- relying on their models' api_url.
ALTER TABLE providers ADD COLUMN IF NOT EXISTS base_url text;
