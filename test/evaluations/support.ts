import type { UpstreamRequest } from '../helpers/fakeUpstream.js';
import type { ApiClient } from '../helpers/testServer.js';

type Row = Record<string, unknown>;

/** Contestants answer with their own name in the text, so a scripted judge can tell them apart. */
export function contestantReply(request: UpstreamRequest): string[] {
  const prompt = request.messages.at(-1)?.content ?? '';
  const answer = [`${request.model} says: `, `an answer to "${prompt.slice(0, 40)}"`, '.'];
  // 'verbose' pads its answer on even-numbered questions only, so length varies within one model.
  const number = Number(/number (\d+)/.exec(prompt)?.[1]);
  if (request.model === 'verbose' && number % 2 === 0) answer.push(' More detail.'.repeat(20));
  return answer;
}

/** The two answers a judge was shown, read back from the default template's markers. */
export function shownAnswers(request: UpstreamRequest): { a: string; b: string } {
  const text = request.messages.at(-1)?.content ?? '';
  const between = (start: string, end: string) => text.slice(text.indexOf(start) + start.length, text.indexOf(end));
  return { a: between("<|Start of Assistant A's Answer|>", "<|End of Assistant A's Answer|>"), b: between("<|Start of Assistant B's Answer|>", "<|End of Assistant B's Answer|>") };
}

/** Judges: each writes some reasoning first, as real judges do, then a label (or none). */
export const judges = {
  /** Always prefers whatever is shown first. */
  positionA: (): string[] => ['My own answer first. ', 'Both are fine; ', 'my final verdict: [[A>B]]'],
  /** Prefers the answer that names `model` (strongly); otherwise a tie. */
  prefers:
    (model: string) =>
    (request: UpstreamRequest): string[] => {
      const { a, b } = shownAnswers(request);
      const label = a.includes(`${model} says`) ? 'A>>B' : b.includes(`${model} says`) ? 'B>>A' : 'A=B';
      return ['Reasoning about both. ', `Final verdict: [[${label}]]`];
    },
  /** Prefers the clearly longer answer (by more than 100 characters); otherwise a tie. */
  longer: (request: UpstreamRequest): string[] => {
    const { a, b } = shownAnswers(request);
    const label = a.length > b.length + 100 ? 'A>B' : b.length > a.length + 100 ? 'B>A' : 'A=B';
    return ['Comparing lengths. ', `Final verdict: [[${label}]]`];
  },
  /** Never writes a label. */
  garbage: (): string[] => ['Both answers have merits ', 'and I will not choose.'],
};

export interface Lab {
  api: ApiClient;
  admin: string;
  models: Record<string, string>;
}

/** Registers a provider (keyless unless keys are given) and models on it served by `baseURL`. */
export async function addModels(api: ApiClient, adminToken: string, provider: string, baseURL: string, names: string[], keys: string[] = []): Promise<Record<string, string>> {
  await api('POST', '/api/admin/providers', { token: adminToken, body: { provider_name: provider } });
  for (const key of keys) {
    const added = await api('POST', `/api/admin/providers/${provider}/keys`, { token: adminToken, body: { api_key: key } });
    if (added.status !== 201) throw new Error(`adding a key failed: ${added.status} ${JSON.stringify(added.body)}`);
  }
  const ids: Record<string, string> = {};
  for (const name of names) {
    const created = await api<Row>('POST', '/api/admin/models', { token: adminToken, body: { model_name: name, provider_name: provider, api_url: baseURL } });
    if (created.status !== 201) throw new Error(`creating ${name} failed: ${created.status} ${JSON.stringify(created.body)}`);
    ids[name] = created.body.model_id as string;
  }
  return ids;
}

export async function createSet(api: ApiClient, token: string, name: string, count: number, category = (index: number) => (index % 2 === 0 ? 'even' : 'odd')): Promise<string> {
  const prompts = Array.from({ length: count }, (_, index) => ({ id: `q${index + 1}`, prompt: `Question number ${index + 1}?`, category: category(index) }));
  const created = await api<Row>('POST', '/api/prompt-sets', { token, body: { name, prompts } });
  if (created.status !== 201) throw new Error(`creating the set failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.prompt_set_id as string;
}

export async function waitForStatus(api: ApiClient, token: string, id: string, statuses: string[], timeoutMs = 60_000): Promise<Row> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await api<Row>('GET', `/api/evaluations/${id}`, { token });
    if (statuses.includes(got.body.status as string)) return got.body;
    if (Date.now() > deadline) throw new Error(`evaluation ${id} still ${String(got.body.status)}: ${JSON.stringify(got.body.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type { Row };
