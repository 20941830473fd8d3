import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCodeBlocks } from '../../src/analysis/markdown.js';
import { countTokens } from '../../src/analysis/tokens.js';
import { FEATURES_VERSION } from '../../src/analysis/rules.js';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;

/** A markdown answer: a header, two list items, a bold span, and code that must not count. */
const STYLED = ['## Antwort\n', '- erstens\n', '- zweitens\n', 'Das ist **wichtig**.\n', '```js\n', '# kein Titel\n', '- kein Punkt\n', '```\n'];
const PLAIN = ['Ganz ', 'einfach ', 'gesagt.'];
const PROMPT = 'Kannst du mir erklären, wie die Garbage Collection in Java funktioniert?';

describe.each(DATABASE_KINDS)('comparison features of stored comparisons on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let reporting: FakeUpstream;
  let silent: FakeUpstream;
  let owner: SignedUp;
  const models: Record<string, string> = {};

  const features = async (comparisonId: string) => {
    await server.server.features.settled();
    return server.database.handle.db.selectFrom('comparison_features').selectAll().where('comparison_id', '=', comparisonId).executeTakeFirst();
  };

  beforeAll(async () => {
    [reporting, silent] = await Promise.all([FakeUpstream.start({ chunks: STYLED }), FakeUpstream.start({ chunks: PLAIN, usage: false })]);
    server = await startTestServer(kind, { JWT_SECRET: 'features-test-secret-0123456789abcdefghij', DEMO_DELAY_MS: '0' });
    api = apiClient(server.url);
    const admin = await signUp(api, 'admin');
    owner = await signUp(api, 'owner');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'reporting' } });
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'silent' } });
    for (const [provider, upstream, name] of [
      ['reporting', reporting, 'styled-model'],
      ['reporting', reporting, 'styled-model-b'],
      ['silent', silent, 'plain-model'],
    ] as const) {
      const created = await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: provider, api_url: upstream.baseURL } });
      models[name] = created.body.model_id as string;
    }
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([reporting.close(), silent.close()]);
  });

  it('stores the style counts, categories and usage of a comparison, the upstream’s usage where reported and the tokenizer’s where not', async () => {
    const created = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: PROMPT, model1_id: models['styled-model'], model2_id: models['plain-model'] } });
    expect(created.status).toBe(201);
    const row = await features(created.body.comparison_id as string);
    const styled = STYLED.join('');
    const plain = PLAIN.join('');
    expect(row).toMatchObject({
      features_version: FEATURES_VERSION,
      model1_tokens: countTokens(removeCodeBlocks(styled)),
      model2_tokens: countTokens(plain),
      model1_headers: 1,
      model2_headers: 0,
      model1_lists: 2,
      model2_lists: 0,
      model1_bold: 1,
      model2_bold: 0,
      prompt_tokens: countTokens(PROMPT),
      is_coding: true,
      is_long_query: false,
      is_multi_turn: false,
      language: 'de',
      identity_leak: false,
      // The fake upstream reports 12 prompt tokens and one completion token per chunk.
      model1_input_tokens: 12,
      model1_output_tokens: STYLED.length,
      model2_input_tokens: countTokens(PROMPT),
      model2_output_tokens: countTokens(plain),
      usage_source: 'tokenizer',
    });
    expect(row?.model1_ttft_ms).toBeGreaterThanOrEqual(0);
    expect(row?.model2_ttft_ms).toBeGreaterThanOrEqual(0);
    expect(row?.conv_metadata).toMatchObject({
      sum_user_tokens: countTokens(PROMPT),
      sum_assistant_a_tokens: row?.model1_tokens,
      header_count_a: { h1: 0, h2: 1, h3: 0, h4: 0, h5: 0, h6: 0 },
      list_count_a: { ordered: 0, unordered: 2 },
      bold_count_a: { '**': 1, __: 0 },
      bold_count_b: { '**': 0, __: 0 },
    });

    const comparison = await server.database.handle.db
      .selectFrom('comparisons')
      .select(['model1_usage', 'model2_usage', 'model1_ttft_ms', 'model2_ttft_ms'])
      .where('comparison_id', '=', created.body.comparison_id as string)
      .executeTakeFirstOrThrow();
    expect(comparison).toMatchObject({ model1_usage: { input_tokens: 12, output_tokens: STYLED.length }, model2_usage: null });
    expect(comparison.model1_ttft_ms).toBe(row?.model1_ttft_ms);
  });

  it('marks a follow-up in the same thread as multi-turn', async () => {
    const first = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Hello there, how are you today?', model1_id: models['styled-model'], model2_id: models['plain-model'] } });
    const followUp = await api<Row>('POST', '/api/comparisons', {
      token: owner.token,
      body: { prompt: 'And what about tomorrow?', model1_id: models['styled-model'], model2_id: models['plain-model'], thread_id: first.body.thread_id },
    });
    expect(followUp.status).toBe(201);
    expect(await features(first.body.comparison_id as string)).toMatchObject({ is_multi_turn: false, language: 'en' });
    expect(await features(followUp.body.comparison_id as string)).toMatchObject({ is_multi_turn: true, language: 'en' });
  });

  it('says the usage came from the upstream when both sides reported it', async () => {
    const created = await api<Row>('POST', '/api/comparisons', { token: owner.token, body: { prompt: 'Format this nicely, please.', model1_id: models['styled-model'], model2_id: models['styled-model-b'] } });
    expect(await features(created.body.comparison_id as string)).toMatchObject({
      model1_output_tokens: STYLED.length,
      model2_output_tokens: STYLED.length,
      model1_input_tokens: 12,
      usage_source: 'upstream',
    });
  });
});
