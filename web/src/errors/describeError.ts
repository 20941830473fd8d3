import { ApiError } from '../api/client';
import type { SideError } from '../api/openapi';

/**
 * The one place that turns what the API refuses into sentences a user understands, each saying
 * what to do next. The server's messages are written for API clients (a field name, a byte
 * count); every page shows errors through this module so the two never drift apart.
 */
export interface Described {
  text: string;
  /** Seconds the server asked us to wait; the caller may offer a Retry once they have passed. */
  retryAfterSeconds: number | null;
  /** Sending the same request again may succeed (rate limits, busy models, a lost connection). */
  retryable: boolean;
}

/** API field names as the forms call them. */
const FIELD_LABELS: Record<string, string> = {
  prompt: 'Prompt',
  model_id: 'Model',
  model1_id: 'Model A',
  model2_id: 'Model B',
  model_name: 'Model name',
  provider_name: 'Provider name',
  display_name: 'Display name',
  api_url: 'API URL',
  base_url: 'API base URL',
  api_key: 'API key',
  email: 'Email',
  password: 'Password',
  full_name: 'Name',
  title: 'Title',
  thread_id: 'Conversation',
  max_prompt_chars: 'Longest prompt (characters)',
};

/** "12 s", "3 min", "2 h": never "0 s" — a wait shorter than a second reads as one second. */
export function formatWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.ceil(whole / 60)} min`;
  return `${Math.ceil(whole / 3600)} h`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const withStop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
const sentence = (text: string) => {
  const trimmed = text.trim();
  return withStop(trimmed.charAt(0).toUpperCase() + trimmed.slice(1));
};

function fieldLabel(field: string): string {
  const label = FIELD_LABELS[field];
  if (label) return label;
  const words = field.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Validation messages start with the field they are about ("model2_id: …"). */
function withFieldInWords(message: string): string {
  const match = /^([a-z][a-z0-9_.]*): (.+)$/s.exec(message);
  // The detail stays as written after the label: it often starts with a name ("fakeai has no base URL").
  return match?.[1] && match[2] ? `${fieldLabel(match[1])}: ${withStop(match[2].trim())}` : sentence(message);
}

function tooLarge(message: string): string {
  const chars = /The prompt has (\d+) characters; the limit is (\d+)/.exec(message);
  if (chars) return `Your prompt has ${Number(chars[1]).toLocaleString('en')} characters; this lab accepts up to ${Number(chars[2]).toLocaleString('en')}. Shorten it and send it again — your text is still in the box.`;
  const bytes = /larger than (\d+) bytes/.exec(message);
  const limit = bytes ? ` (at most ${formatBytes(Number(bytes[1]))} per request)` : '';
  return `This is too large to send${limit}. Shorten the text and try again — nothing was lost.`;
}

const waitSuffix = (seconds: number | null, fallback: string) => (seconds === null ? fallback : ` You can try again in ${formatWait(seconds)}.`);

function describeApiError(error: ApiError): Described {
  const wait = error.retryAfterSeconds;
  switch (error.code) {
    case 'network':
      return { text: error.message, retryAfterSeconds: null, retryable: true };
    case 'payload_too_large':
      return { text: tooLarge(error.message), retryAfterSeconds: null, retryable: false };
    case 'rate_limited':
      return { text: `${sentence(error.message)}${waitSuffix(wait, ' Wait a moment and try again.')}`, retryAfterSeconds: wait, retryable: true };
    case 'unavailable':
      return { text: `${sentence(error.message)}${waitSuffix(wait, ' Try again in a moment.')}`, retryAfterSeconds: wait, retryable: true };
    case 'upstream_error':
      return { text: `${sentence(error.message)} Try again; if it keeps failing, pick another model.`, retryAfterSeconds: null, retryable: true };
    case 'internal':
      return { text: 'Something went wrong on the server. Try again; if it keeps happening, tell the lab’s admin.', retryAfterSeconds: null, retryable: true };
    case 'unauthorized':
      return { text: 'Your session has ended. Sign in again to continue.', retryAfterSeconds: null, retryable: false };
    case 'forbidden':
      return { text: error.message === 'Not allowed' ? 'Your account is not allowed to do this; an admin can.' : sentence(error.message), retryAfterSeconds: null, retryable: false };
    case 'bad_request':
      if (/^model2_id: pick two different models/.test(error.message)) {
        return { text: 'Pick two different models: one model cannot answer on both sides.', retryAfterSeconds: null, retryable: false };
      }
      return { text: withFieldInWords(error.message), retryAfterSeconds: null, retryable: false };
    case 'http_error':
      if (error.status === 413) return { text: tooLarge(''), retryAfterSeconds: null, retryable: false };
      return { text: `The server could not answer (${error.status}). Try again in a moment.`, retryAfterSeconds: wait, retryable: error.status >= 500 };
    default:
      return { text: withFieldInWords(error.message), retryAfterSeconds: wait, retryable: false };
  }
}

export function describeError(error: unknown): Described {
  if (error instanceof ApiError) return describeApiError(error);
  if (error instanceof Error && error.message) return { text: sentence(error.message), retryAfterSeconds: null, retryable: false };
  return { text: 'Something went wrong. Try again.', retryAfterSeconds: null, retryable: true };
}

export function errorMessage(error: unknown): string {
  return describeError(error).text;
}

/** A side of a battle that failed mid-stream, by its failure category. */
const SIDE_ERRORS: Record<string, string> = {
  auth: 'The provider refused the lab’s API key. An admin needs to check it under Admin → API keys.',
  quota: 'The lab’s quota with this provider is used up. An admin can add another API key.',
  server: 'The provider failed to answer. Try again.',
  timeout: 'The model took too long to answer. Try again, or pick a faster model.',
  network: 'The provider could not be reached. Try again in a moment.',
  bad_request: 'The provider refused this request: the prompt may be too long for this model. Try a shorter prompt.',
  aborted: 'The answer was stopped.',
  unavailable: 'This model is unavailable right now. Try again in a moment.',
};

/** `retryAfterMs`: when the server said how long the model's keys stay cooling (live answers only). */
export function sideErrorText(error: SideError, retryAfterMs: number | null = null): string {
  const wait = retryAfterMs !== null && retryAfterMs > 0 ? `in ${formatWait(retryAfterMs / 1000)}` : 'in a minute';
  if (error.category === 'unavailable' && /cooling|rate limit/i.test(error.message)) {
    return `Every API key for this model is cooling down after the provider’s rate limit. Try again ${wait}, or pick another model.`;
  }
  if (error.category === 'rate_limit') return `The provider is rate limiting this model. Try again ${wait}.`;
  return SIDE_ERRORS[error.category] ?? sentence(error.message);
}
