/**
 * A paced OpenAI-compatible upstream that times itself, in its own process
 * (`tsx bench/gateway/timedUpstream.ts`): model `timed-short` streams 6 chunks and `timed-long`
 * 60 (ten times as many), 20 ms apart. For each request it notes, on its own clock, when the
 * request arrived and when it wrote its first and last chunk, keyed by the prompt; `GET /timings`
 * answers them (keyed by model and prompt). That is "what the upstream itself took", which the fairness benchmark holds the
 * lab's per-side times against. Prints its base URL as one JSON line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const TIMED_CHUNKS = { 'timed-short': 6, 'timed-long': 60 } as const;
const CHUNK_DELAY_MS = 20;

interface UpstreamTiming {
  model: string;
  firstToken: number;
  total: number;
}

const timings: Record<string, UpstreamTiming> = {};

const server = http.createServer((request, response) => {
  const arrived = performance.now();
  if (request.method === 'GET' && request.url === '/timings') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return void response.end(JSON.stringify(timings));
  }
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  request.on('end', () => {
    const body = JSON.parse(raw) as { model: keyof typeof TIMED_CHUNKS; messages: Array<{ content: string }> };
    const tag = body.messages.at(-1)?.content ?? '';
    const chunks = TIMED_CHUNKS[body.model] ?? 1;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let first = Number.NaN;
    let sent = 0;
    const next = () => {
      if (response.destroyed) return;
      const payload = { id: 'timed', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: { content: ` t${sent}` }, finish_reason: null }] };
      response.write(`data: ${JSON.stringify(payload)}\n\n`);
      if (sent === 0) first = performance.now();
      sent += 1;
      if (sent < chunks) return void setTimeout(next, CHUNK_DELAY_MS);
      response.write(`data: ${JSON.stringify({ ...payload, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
      response.end();
      timings[`${body.model} ${tag}`] = { model: body.model, firstToken: first - arrived, total: performance.now() - arrived };
    };
    setTimeout(next, CHUNK_DELAY_MS);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` })}\n`);
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
