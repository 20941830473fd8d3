import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random.js';
import { featuresRow } from '../helpers/comparisonFeatures.js';
import { DATABASE_KINDS } from '../helpers/testDatabase.js';
import { apiClient, startTestServer, type ApiClient, type TestServer } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

type Row = Record<string, unknown>;
interface Interval {
  value: number;
  ci_lower: number;
  ci_upper: number;
}
interface Board {
  votes: number;
  style_control: boolean;
  style_coefficients: Record<'length' | 'header' | 'list' | 'bold', Interval> | null;
  models: Array<{ model_name: string; rating: number; ci_lower: number; ci_upper: number }>;
}

/**
 * `style_control=true` through the API, fed from the database: three equally good models, one of
 * which always answers at length, and voters who prefer longer answers. The plain ratings put the
 * verbose model on top; the style-controlled ones take its advantage away and find voters' taste
 * for length. (The fit itself is tested against an independent reference in src/ratings.)
 */
describe.each(DATABASE_KINDS)('style control through the API on %s', (kind) => {
  let server: TestServer;
  let api: ApiClient;
  let admin: SignedUp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(kind, { JWT_SECRET: 'style-control-api-secret-0123456789abcdef', LEADERBOARD_BOOTSTRAP_ROUNDS: '100' });
    api = apiClient(server.url);
    admin = await signUp(api, 'admin');
    await api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'lab' } });
    for (const name of ['verbose', 'brief', 'plain']) {
      ids[name] = (await api<Row>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'lab', api_url: 'http://127.0.0.1:9/v1' } })).body.model_id as string;
    }
    const random = new SeededRandom(11);
    const pairs = [
      ['verbose', 'brief'],
      ['plain', 'verbose'],
      ['brief', 'plain'],
    ] as const;
    const comparisons: Row[] = [];
    const features: Array<ReturnType<typeof featuresRow>> = [];
    const votes: Row[] = [];
    for (let i = 0; i < 900; i++) {
      const [a, b] = pairs[i % 3] as readonly [string, string];
      const length = (name: string) => (name === 'verbose' ? 800 + Math.floor(random.next() * 200) : 100 + Math.floor(random.next() * 900));
      const [lengthA, lengthB] = [length(a), length(b)];
      const d = (lengthA - lengthB) / (lengthA + lengthB + 1);
      const outcome = random.next() < 1 / (1 + Math.exp(-3 * d)) ? 'model1' : 'model2';
      const comparisonId = randomUUID();
      comparisons.push({ comparison_id: comparisonId, model1_id: ids[a], model2_id: ids[b], mode: 'anonymous' });
      features.push(featuresRow(comparisonId, { model1_tokens: lengthA, model2_tokens: lengthB, is_coding: i % 3 === 0, language: i % 2 === 0 ? 'de' : 'en' }));
      votes.push({ comparison_id: comparisonId, outcome, winner_model_id: outcome === 'model1' ? ids[a] : ids[b] });
    }
    const db = server.database.handle.db;
    await db.insertInto('comparisons').values(comparisons as never).execute();
    await db.insertInto('comparison_features').values(features).execute();
    await db.insertInto('model_votes').values(votes as never).execute();
  });
  afterAll(async () => {
    await server.close();
  });

  it('takes the verbose model’s edge away and reports a positive length coefficient', async () => {
    const plain = (await api<Board>('GET', '/api/leaderboard', { token: admin.token })).body;
    expect([plain.style_control, plain.style_coefficients]).toEqual([false, null]);
    expect(plain.models[0]?.model_name).toBe('verbose');

    const styled = (await api<Board>('GET', '/api/leaderboard?style_control=true', { token: admin.token })).body;
    expect(styled.style_control).toBe(true);
    expect(styled.votes).toBe(900);
    const length = styled.style_coefficients?.length as Interval;
    expect(length.ci_lower).toBeGreaterThan(0);
    expect(length.ci_lower).toBeLessThan(length.value);
    const rating = (board: Board, name: string) => board.models.find((row) => row.model_name === name)?.rating as number;
    const edge = (board: Board) => rating(board, 'verbose') - (rating(board, 'brief') + rating(board, 'plain')) / 2;
    expect(edge(plain)).toBeGreaterThan(50);
    expect(Math.abs(edge(styled))).toBeLessThan(edge(plain) / 3);
    for (const row of styled.models) expect(row.ci_lower).toBeLessThan(row.ci_upper);

    const blind = (await api<Board>('GET', '/api/leaderboard?style_control=true&blind=true', { token: admin.token })).body;
    expect(blind.votes).toBe(900);
  });

  it('combines style control with a category, a language and both', async () => {
    for (const [query, votes] of [
      ['category=coding', 300],
      ['language=de', 450],
      ['category=coding&language=de&blind=true', 150],
    ] as const) {
      const board = (await api<Board>('GET', `/api/leaderboard?style_control=true&${query}`, { token: admin.token })).body;
      expect([board.style_control, board.votes]).toEqual([true, votes]);
      expect(Object.keys(board.style_coefficients ?? {}).sort()).toEqual(['bold', 'header', 'length', 'list']);
    }
  });

  it('refuses style control with Elo, and a bad value, naming the field', async () => {
    for (const query of ['style_control=true&method=elo', 'style_control=yes']) {
      const response = await api<{ error: { message: string } }>('GET', `/api/leaderboard?${query}`, { token: admin.token });
      expect([response.status, response.body.error.message]).toEqual([400, expect.stringMatching(/^style_control: /)]);
    }
  });
});
