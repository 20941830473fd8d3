import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { KeyCipher } from '../../src/providers/keyCrypto.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { runCli } from '../cli/cliProcess.js';
import { FakeUpstream } from '../helpers/fakeUpstream.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';
import { apiClient, type ApiClient } from '../helpers/testServer.js';
import { signUp, type SignedUp } from '../helpers/users.js';

/**
 * Rolling a new DUALMIND_SECRET_KEY through two instances on one PostgreSQL database while dual
 * chats run on both: instance one still encrypts under the old secret ("old,new"), instance two
 * already under the new one ("new,old"), admins add keys on both, and `rotate-secret` re-encrypts
 * every key mid-load. No request may fail and no instance may ever hold a key it cannot decrypt.
 */

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');
const JWT_SECRET = 'rotation-test-secret-0123456789abcdefghij';
const testKey = (name: string) => `gsk_dualmind-test-rotation-${name}-${randomUUID().slice(0, 8)}`;

interface Instance {
  server: RunningServer;
  handle: DatabaseHandle;
  api: ApiClient;
}

describe('secret rotation under load on two instances', () => {
  let database: TestDatabase;
  let upstream: FakeUpstream;
  const instances: Instance[] = [];
  const dataDirs: string[] = [];
  const plaintexts = new Set<string>();
  let admin: SignedUp;
  let user: SignedUp;
  const models: string[] = [];

  async function startInstance(secretKey: string): Promise<Instance> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-rotation-'));
    dataDirs.push(dataDir);
    const handle = await openDatabase({ url: database.url });
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url ?? '',
      JWT_SECRET,
      DUALMIND_SECRET_KEY: secretKey,
      KEY_POOL_REFRESH_MS: '50',
      CHAT_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const server = await startServer(config, testLogger(`rotation-${instances.length}`), { database: handle });
    const instance = { server, handle, api: apiClient(server.url) };
    instances.push(instance);
    return instance;
  }

  async function addKey(instance: Instance, name: string): Promise<void> {
    const plaintext = testKey(name);
    plaintexts.add(plaintext);
    const response = await instance.api('POST', '/api/admin/providers/fakeai/keys', { token: admin.token, body: { api_key: plaintext } });
    expect(response.status).toBe(201);
  }

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    upstream = await FakeUpstream.start({ chunkDelayMs: 1 });
    const first = await startInstance(`${OLD},${NEW}`);
    await startInstance(`${NEW},${OLD}`);
    admin = await signUp(first.api, 'rotation-admin');
    user = await signUp(first.api, 'rotation-user');
    expect((await first.api('POST', '/api/admin/providers', { token: admin.token, body: { provider_name: 'fakeai' } })).status).toBe(201);
    for (const name of ['fake-a', 'fake-b']) {
      const created = await first.api<{ model_id: string }>('POST', '/api/admin/models', { token: admin.token, body: { model_name: name, provider_name: 'fakeai', api_url: upstream.baseURL } });
      expect(created.status).toBe(201);
      models.push(created.body.model_id);
    }
  });

  afterAll(async () => {
    for (const instance of instances) {
      await instance.server.close();
      await instance.handle.close();
    }
    await upstream?.close();
    await database?.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never fails a request nor meets an undecryptable key, and leaves every key under the new secret', async () => {
    const [one, two] = instances as [Instance, Instance];
    // Keys under both secrets before the rotation, as a half-rolled deployment has them.
    for (let index = 0; index < 3; index++) {
      await addKey(one, `old-${index}`);
      await addKey(two, `new-${index}`);
    }

    let stop = false;
    const failures: string[] = [];
    let answered = 0;
    const chatLoop = async (instance: Instance, worker: number) => {
      for (let round = 0; !stop; round++) {
        const response = await instance.api<{ errors?: unknown; model1_response: string }>('POST', '/api/comparisons', {
          token: user.token,
          body: { prompt: `Rotation ${worker}.${round}`, model1_id: models[0], model2_id: models[1] },
        });
        if (response.status !== 201 || response.body.errors) failures.push(`${response.status} ${JSON.stringify(response.body)}`);
        else answered += 1;
      }
    };
    const undecryptableSeen: string[] = [];
    const watch = async () => {
      while (!stop) {
        for (const [index, instance] of instances.entries()) {
          const bad = instance.server.providers.pool.stateCounts().filter((count) => count.state === 'undecryptable');
          if (bad.length > 0) undecryptableSeen.push(`instance ${index}: ${JSON.stringify(bad)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const loops = [watch(), ...[0, 1, 2].map((worker) => chatLoop(one, worker)), ...[3, 4, 5].map((worker) => chatLoop(two, worker))];

    // Admins keep adding keys on both instances while the rotation runs.
    const additions = (async () => {
      for (let index = 0; index < 4; index++) {
        await addKey(index % 2 === 0 ? one : two, `during-${index}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    const answeredBefore = await waitFor(() => answered >= 20, () => answered);
    const rotation = await runCli(['rotate-secret', '--yes'], { DATABASE_URL: database.url ?? '', DATA_DIR: dataDirs[0] ?? '', DUALMIND_SECRET_KEY: `${NEW},${OLD}` });
    await additions;
    const answeredAtRotation = answered;
    await waitFor(() => answered >= answeredAtRotation + 20, () => answered);
    stop = true;
    await Promise.all(loops);

    expect(rotation.code, rotation.stderr).toBe(0);
    expect(rotation.stdout).toMatch(/Re-encrypted \d+ key\(s\)\./);
    expect(answeredBefore).toBeGreaterThanOrEqual(20);
    expect(failures).toEqual([]);
    expect(undecryptableSeen).toEqual([]);
    // The upstream only ever saw the keys the admins typed: nothing decrypted to garbage.
    expect(upstream.keys().filter((key) => !plaintexts.has(key))).toEqual([]);

    // Keys added by instance one after the rotation are under the old secret again (it still
    // encrypts with it): the rollout's next step moves it to "new,old", then rotates once more.
    const rows = await one.handle.db.selectFrom('provider_api_keys').select(['api_key', 'created_at']).where('provider_name', '=', 'fakeai').execute();
    expect(rows).toHaveLength(plaintexts.size);
    const again = await runCli(['rotate-secret', '--yes'], { DATABASE_URL: database.url ?? '', DATA_DIR: dataDirs[0] ?? '', DUALMIND_SECRET_KEY: `${NEW},${OLD}` });
    expect(again.code, again.stderr).toBe(0);
    const onlyNew = new KeyCipher(NEW);
    const after = await one.handle.db.selectFrom('provider_api_keys').select('api_key').where('provider_name', '=', 'fakeai').execute();
    expect(after.filter((row) => !onlyNew.isCurrent(row.api_key))).toEqual([]);
    expect(new Set(after.map((row) => onlyNew.decrypt(row.api_key)))).toEqual(plaintexts);

    // The last step of the rollout: an instance with only the new secret decrypts every key.
    const three = await startInstance(NEW);
    await three.server.providers.pool.refresh();
    expect(three.server.providers.pool.stateCounts().filter((count) => count.state === 'undecryptable')).toEqual([]);
    const last = await three.api<{ errors?: unknown }>('POST', '/api/comparisons', { token: user.token, body: { prompt: 'After the rollout', model1_id: models[0], model2_id: models[1] } });
    expect(last.status).toBe(201);
    expect(last.body.errors).toBeUndefined();
  });

  it('says there is nothing to do when every key is under the first secret already', async () => {
    const result = await runCli(['rotate-secret', '--yes'], { DATABASE_URL: database.url ?? '', DATA_DIR: dataDirs[0] ?? '', DUALMIND_SECRET_KEY: NEW });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`Nothing to re-encrypt: all ${plaintexts.size} decryptable key(s) are already under the first secret of DUALMIND_SECRET_KEY.`);
  });

  it('reports keys no configured secret opens, leaves them alone, and never prints a secret', async () => {
    const stranger = randomBytes(32).toString('base64');
    const result = await runCli(['rotate-secret', '--yes'], { DATABASE_URL: database.url ?? '', DATA_DIR: dataDirs[0] ?? '', DUALMIND_SECRET_KEY: `${stranger},${NEW}` });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Re-encrypted ${plaintexts.size} key(s).`);
    for (const secret of [stranger, NEW, OLD]) expect(result.stdout + result.stderr).not.toContain(secret);
    // Now under `stranger`: a run that does not know it reports every key as undecryptable.
    const blind = await runCli(['rotate-secret', '--yes'], { DATABASE_URL: database.url ?? '', DATA_DIR: dataDirs[0] ?? '', DUALMIND_SECRET_KEY: `${OLD},${NEW}` });
    expect(blind.code).toBe(0);
    expect(blind.stderr).toContain(`warning: ${plaintexts.size} key(s) cannot be decrypted with any configured secret and will be left as they are: fakeai gsk_…`);
    expect(blind.stdout).toContain('Nothing to re-encrypt');
  });
});

/** Polls until `done()`, at most 60 s; resolves with `value()`. */
async function waitFor<T>(done: () => boolean, value: () => T): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the load');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return value();
}
