/** One turn of a conversation as providers take it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

export type ChatChunk = { type: 'text'; text: string } | { type: 'finish'; usage: TokenUsage | undefined };

export interface ChatCall {
  /** The model name the upstream knows (`ai_models.model_name`). */
  model: string;
  /** OpenAI-compatible base URL: the model's `api_url`, else the adapter's default. */
  baseURL: string | undefined;
  apiKey: string | undefined;
  messages: ChatMessage[];
  signal: AbortSignal;
}

/**
 * The whole provider contract: stream a chat. Errors are thrown as they come (the gateway
 * classifies them); retries are never the adapter's business.
 */
export interface ProviderAdapter {
  /** What users see, e.g. "Groq", "Demo (offline)". */
  readonly label: string;
  readonly requiresKey: boolean;
  readonly defaultBaseURL: string | undefined;
  streamChat(call: ChatCall): AsyncIterable<ChatChunk>;
  /** The upstream's model ids (`GET {baseURL}/models`), for discovery in the admin console. */
  listModels(options: { baseURL: string | undefined; apiKey: string | undefined; signal: AbortSignal }): Promise<string[]>;
}

/** `https://host/v1/chat/completions/` → `https://host/v1`: model rows may hold either form. */
export function normaliseBaseURL(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/chat\/completions$/, '');
}
