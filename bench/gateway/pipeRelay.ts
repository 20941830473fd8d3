/**
 * The least a Node relay can do, in its own process (`tsx bench/gateway/pipeRelay.ts '{"upstream":"<base URL>"}'`):
 * each POST is forwarded to the upstream's chat completions with undici's `request` (the lab's
 * own client and connection pool) and the upstream's body is piped to the client unread. No
 * parsing, no storage, no auth. The CPU it spends per relayed chunk is what the socket reads and
 * writes alone cost on this machine: the floor under the lab's own figure, measured in the same
 * run. Prints its base URL as one JSON line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const { upstream } = JSON.parse(process.argv[2] ?? '{}') as { upstream: string };
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

const server = http.createServer((incoming, outgoing) => {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const headers = { 'content-type': 'application/json', authorization: incoming.headers.authorization ?? '' };
    request(`${upstream}/chat/completions`, { method: 'POST', headers, body: Buffer.concat(chunks), dispatcher })
      .then((response) => {
        outgoing.writeHead(response.statusCode, { 'content-type': String(response.headers['content-type'] ?? 'text/event-stream') });
        return pipeline(response.body, outgoing);
      })
      .catch((error: unknown) => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end(String(error));
      });
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
