import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCodeBlocks } from '../../src/analysis/markdown.js';
import { countTokens } from '../../src/analysis/tokens.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

/** A battle line as LMArena's dumps carry it: style counts in conv_metadata, no texts. */
const WITH_METADATA = {
  model_a: 'gpt-4o-2024-05-13',
  model_b: 'llama-3-70b-instruct',
  winner: 'model_a',
  tstamp: 1_717_000_000,
  anony: true,
  language: 'German',
  is_code: true,
  turn: 2,
  conv_metadata: {
    sum_user_tokens: 620,
    sum_assistant_a_tokens: 412,
    sum_assistant_b_tokens: 198,
    context_a_tokens: 700,
    context_b_tokens: 650,
    turns: 2,
    header_count_a: { h1: 0, h2: 3, h3: 1, h4: 0, h5: 0, h6: 0 },
    list_count_a: { ordered: 5, unordered: 2 },
    bold_count_a: { '**': 4, __: 0 },
    header_count_b: { h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0 },
    list_count_b: { ordered: 0, unordered: 0 },
    bold_count_b: { '**': 0, __: 1 },
  },
};

const ANSWER_A = '## Plan\n1. Ouvrir\n2. Fermer\n**Voilà**\n```py\n# code\n- x\n```';
/** A battle carrying its conversations: the counts are computed from them. */
const WITH_CONVERSATIONS = {
  model_a: 'mistral-large',
  model_b: 'qwen-max',
  winner: 'tie',
  tstamp: 1_717_000_100,
  anony: true,
  conversation_a: [
    { role: 'user', content: 'Peux-tu m’expliquer comment fonctionne le ramasse-miettes en Java ?' },
    { role: 'assistant', content: ANSWER_A },
  ],
  conversation_b: [
    { role: 'user', content: 'Peux-tu m’expliquer comment fonctionne le ramasse-miettes en Java ?' },
    { role: 'assistant', content: 'Je suis Qwen, créé par Alibaba Cloud. Le ramasse-miettes libère la mémoire.' },
  ],
};

const PLAIN = { model_a: 'gpt-4o-2024-05-13', model_b: 'qwen-max', winner: 'model_b', tstamp: 1_717_000_200 };

describe.each(DATABASE_KINDS)('battle files carry conv_metadata on %s', (kind) => {
  let source: TestServer;
  let target: TestServer;
  let sourceAdmin: SignedUp;
  let targetAdmin: SignedUp;

  const importFile = async (server: TestServer, admin: SignedUp, lines: unknown[]) => {
    const response = await fetch(`${server.url}/api/admin/import/battles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
    });
    return { status: response.status, body: (await response.json()) as { imported: number; skipped: number; errors: string[] } };
  };
  const exportFile = async (server: TestServer, admin: SignedUp) => {
    const response = await fetch(`${server.url}/api/admin/export/battles`, { headers: { authorization: `Bearer ${admin.token}` } });
    return (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  const featureRows = (server: TestServer) =>
    server.database.handle.db
      .selectFrom('comparison_features as f')
      .innerJoin('comparisons as c', 'c.comparison_id', 'f.comparison_id')
      .selectAll('f')
      .orderBy('c.created_at')
      .execute();

  beforeAll(async () => {
    [source, target] = await Promise.all([
      startTestServer(kind, { JWT_SECRET: 'battle-files-source-secret-0123456789abcdef' }),
      startTestServer(kind, { JWT_SECRET: 'battle-files-target-secret-0123456789abcdef' }),
    ]);
    [sourceAdmin, targetAdmin] = await Promise.all([signUp(apiClient(source.url), 'admin'), signUp(apiClient(target.url), 'admin')]);
  });
  afterAll(async () => {
    await Promise.all([source.close(), target.close()]);
  });

  it('uses a record’s conv_metadata, computes the counts of one carrying conversations, and gives none to a bare record', async () => {
    const { status, body } = await importFile(source, sourceAdmin, [WITH_METADATA, WITH_CONVERSATIONS, PLAIN]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ imported: 3, skipped: 0, errors: [] });
    const [fromMetadata, fromConversations, ...rest] = await featureRows(source);
    expect(rest).toEqual([]);
    expect(fromMetadata).toMatchObject({
      model1_tokens: 412,
      model2_tokens: 198,
      model1_headers: 4,
      model1_lists: 7,
      model1_bold: 4,
      model2_bold: 1,
      prompt_tokens: 620,
      is_long_query: true,
      is_coding: true,
      is_multi_turn: true,
      language: 'de',
      identity_leak: false,
      model1_input_tokens: 700,
      model1_output_tokens: 412,
      usage_source: 'import',
      conv_metadata: WITH_METADATA.conv_metadata,
    });
    expect(fromConversations).toMatchObject({
      model1_tokens: countTokens(removeCodeBlocks(ANSWER_A)),
      model1_headers: 1,
      model1_lists: 2,
      model1_bold: 1,
      is_coding: true,
      is_multi_turn: false,
      language: 'fr',
      identity_leak: true,
      model1_output_tokens: countTokens(ANSWER_A),
      usage_source: 'import',
    });
    expect(fromConversations?.conv_metadata).toMatchObject({ header_count_a: { h2: 1 }, list_count_a: { ordered: 2, unordered: 0 }, turns: 1 });
  });

  it('exports conv_metadata and the categories, and a round trip through a fresh lab reproduces the rows', async () => {
    const exported = await exportFile(source, sourceAdmin);
    expect(exported).toHaveLength(3);
    expect(exported[0]).toMatchObject({
      conv_metadata: WITH_METADATA.conv_metadata,
      language: 'de',
      is_code: true,
      is_multi_turn: true,
      identity_leak: false,
      usage_a: { input_tokens: 700, output_tokens: 412, ttft_ms: null },
    });
    expect(exported[1]).toMatchObject({ language: 'fr', identity_leak: true, conv_metadata: { sum_assistant_a_tokens: countTokens(removeCodeBlocks(ANSWER_A)) } });
    expect(exported[1]?.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(exported[2]).not.toHaveProperty('conv_metadata');

    const { body } = await importFile(target, targetAdmin, exported);
    expect(body).toMatchObject({ imported: 3, errors: [] });
    const strip = (rows: Awaited<ReturnType<typeof featureRows>>) => rows.map(({ computed_at: _at, ...row }) => row);
    expect(strip(await featureRows(target))).toEqual(strip(await featureRows(source)));
  });

  it('refuses bad conv_metadata and lone conversations line by line, naming the field, and stores nothing for them', async () => {
    const comparisonId = randomUUID();
    const { body } = await importFile(source, sourceAdmin, [
      { ...PLAIN, comparison_id: comparisonId, conv_metadata: { ...WITH_METADATA.conv_metadata, list_count_b: { ordered: -2 } } },
      { ...PLAIN, conv_metadata: { ...WITH_METADATA.conv_metadata, sum_assistant_a_tokens: 'many' } },
      { ...PLAIN, conversation_a: WITH_CONVERSATIONS.conversation_a },
      { ...PLAIN, language: 'x'.repeat(200) },
      { ...PLAIN, prompt_hash: 'not-a-hash' },
    ]);
    expect(body.imported).toBe(0);
    expect(body.skipped).toBe(5);
    expect(body.errors[0]).toMatch(/^line 1: conv_metadata\.list_count_b/);
    expect(body.errors[1]).toMatch(/^line 2: conv_metadata\.sum_assistant_a_tokens/);
    expect(body.errors[2]).toMatch(/^line 3: conversation_b: give conversation_a and conversation_b together/);
    expect(body.errors[3]).toMatch(/^line 4: language/);
    expect(body.errors[4]).toMatch(/^line 5: prompt_hash/);
    expect(await source.database.handle.db.selectFrom('comparisons').select('comparison_id').where('comparison_id', '=', comparisonId).execute()).toEqual([]);
  });
});

