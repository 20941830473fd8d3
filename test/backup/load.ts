import { readEvents } from '../helpers/sse.js';
import type { ApiClient } from '../helpers/testServer.js';
import type { SignedUp } from '../helpers/users.js';

/** Dual chats (JSON and SSE, named and anonymous) and votes from several clients until stopped. */
export function startLoad(api: ApiClient, url: string, users: SignedUp[], models: string[]) {
  let stopped = false;
  const acknowledged: Array<{ comparison_id: string; at: number }> = [];
  const votes: Array<{ vote_id: string; at: number }> = [];
  const worker = async (user: SignedUp, index: number) => {
    for (let round = 0; !stopped; round++) {
      let comparisonId: string | undefined;
      if (round % 2 === 0) {
        const body = round % 4 === 0 ? { prompt: `Load ${index}.${round}`, model1_id: models[0], model2_id: models[1] } : { prompt: `Load ${index}.${round}`, mode: 'anonymous' };
        const response = await api<{ comparison_id: string }>('POST', '/api/comparisons', { token: user.token, body });
        if (response.status !== 201) throw new Error(`comparison ${response.status} ${JSON.stringify(response.body)}`);
        comparisonId = response.body.comparison_id;
      } else {
        const response = await fetch(`${url}/api/comparisons`, {
          method: 'POST',
          headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ prompt: `Streamed ${index}.${round}`, model1_id: models[1], model2_id: models[0] }),
        });
        const end = (await readEvents(response)).find((event) => event.event === 'end');
        comparisonId = (end?.data as { comparison_id?: string } | undefined)?.comparison_id;
        if (!comparisonId) throw new Error('stream without end');
      }
      acknowledged.push({ comparison_id: comparisonId, at: Date.now() });
      if (round % 3 !== 2) {
        const vote = await api<{ vote: { vote_id: string } }>('POST', `/api/comparisons/${comparisonId}/vote`, { token: user.token, body: { winner: ['model1', 'model2', 'tie', 'both_bad'][round % 4] } });
        if (vote.status !== 201) throw new Error(`vote ${vote.status} ${JSON.stringify(vote.body)}`);
        votes.push({ vote_id: vote.body.vote.vote_id, at: Date.now() });
      }
    }
  };
  let failure: unknown;
  // A failed request stops the load and is thrown by stop(), never left unhandled meanwhile.
  const running = Promise.all(users.map((user, index) => worker(user, index))).catch((error: unknown) => {
    failure = error;
    stopped = true;
  });
  return {
    acknowledged,
    votes,
    failed: () => failure !== undefined,
    async stop() {
      stopped = true;
      await running;
      if (failure) throw failure;
    },
  };
}

/** Polls until `done()`; a hang guard, not a timing assertion. */
export async function waitUntil(done: () => boolean, load?: { failed(): boolean; stop(): Promise<void> }): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!done()) {
    if (load?.failed()) await load.stop();
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
