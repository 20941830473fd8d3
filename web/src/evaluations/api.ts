import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ApiError, call, client } from '../api/client';
import type { CreateEvaluation, CreatePromptSet, EvaluationView, JudgePromptInput, JudgePromptPatch, UpdatePromptSet } from '../api/openapi';

/** The content type of a prompt file, from its name: JSON lines or CSV. */
export function fileType(name: string): 'application/x-ndjson' | 'text/csv' | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'application/x-ndjson';
  if (lower.endsWith('.csv')) return 'text/csv';
  return undefined;
}

const asText = { bodySerializer: (body: unknown) => body as string } as const;

/** Every evaluation route the web app calls, typed from the generated OpenAPI document. */
export const evaluationApi = {
  promptSets: () => call(client.GET('/api/prompt-sets', { params: { query: {} } })),
  promptSet: (id: string, version?: number) => call(client.GET('/api/prompt-sets/{id}', { params: { path: { id }, query: { limit: 1000, ...(version !== undefined && { version }) } } })),
  createPromptSet: (body: CreatePromptSet) => call(client.POST('/api/prompt-sets', { body })),
  updatePromptSet: (id: string, body: UpdatePromptSet) => call(client.PUT('/api/prompt-sets/{id}', { params: { path: { id } }, body })),
  importPromptSet: (name: string, text: string, type: 'application/x-ndjson' | 'text/csv') =>
    call(client.POST('/api/prompt-sets/import', { params: { query: { name } }, body: text, headers: { 'content-type': type }, ...asText })),
  deletePromptSet: (id: string) => call(client.DELETE('/api/prompt-sets/{id}', { params: { path: { id } } })),
  judgePrompts: () => call(client.GET('/api/judge-prompts')),
  createJudgePrompt: (body: JudgePromptInput) => call(client.POST('/api/judge-prompts', { body })),
  updateJudgePrompt: (id: string, body: JudgePromptPatch) => call(client.PATCH('/api/judge-prompts/{id}', { params: { path: { id } }, body })),
  evaluations: () => call(client.GET('/api/evaluations', { params: { query: {} } })),
  evaluation: (id: string) => call(client.GET('/api/evaluations/{id}', { params: { path: { id }, query: {} } })),
  create: (body: CreateEvaluation) => call(client.POST('/api/evaluations', { body })),
  pause: (id: string) => call(client.POST('/api/evaluations/{id}/pause', { params: { path: { id } } })),
  resume: (id: string) => call(client.POST('/api/evaluations/{id}/resume', { params: { path: { id } } })),
  cancel: (id: string) => call(client.POST('/api/evaluations/{id}/cancel', { params: { path: { id } } })),
  prompts: (id: string, offset: number, limit: number) => call(client.GET('/api/evaluations/{id}/prompts', { params: { path: { id }, query: { offset, limit } } })),
};

/** Saves a file the API served (fetched with the bearer token, so not a plain link). */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export const downloads = {
  run: async (id: string, format: 'json' | 'csv', content: 'results' | 'judgments' = 'results') =>
    save(
      await call(client.GET('/api/evaluations/{id}/export', { params: { path: { id }, query: { format, content } }, parseAs: 'blob' })),
      `evaluation-${id}${format === 'csv' ? `-${content}.csv` : '.json'}`,
    ),
  promptSet: async (id: string, version: number, format: 'jsonl' | 'csv') =>
    save(await call(client.GET('/api/prompt-sets/{id}/export', { params: { path: { id }, query: { version, format } }, parseAs: 'blob' })), `prompt-set-v${version}.${format}`),
};

/**
 * Follows a run's event stream: `onView` gets the run as GET returns it every second, and the
 * last one (with results) when it stops.
 */
export async function followRun(id: string, onView: (view: EvaluationView) => void, signal: AbortSignal): Promise<void> {
  const body = await call(client.GET('/api/evaluations/{id}/events', { params: { path: { id } }, headers: { accept: 'text/event-stream' }, parseAs: 'stream', signal }));
  if (!body) throw new ApiError(0, 'network', 'The server sent no progress. Reload the page.');
  const reader = (body as NonNullable<Response['body']>).pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value.event === 'progress' || value.event === 'end') onView(JSON.parse(value.data) as EvaluationView);
  }
}
